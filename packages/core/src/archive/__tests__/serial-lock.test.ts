import { describe, expect, it } from 'vitest'
import { SerialLock } from '../serial-lock.ts'

describe('SerialLock', () => {
  describe('#acquire', () => {
    describe('when several callers queue', () => {
      it('hands the lock over one at a time, in arrival order', async () => {
        const lock = new SerialLock()
        const order: string[] = []
        const hold = async (name: string): Promise<void> => {
          const release = await lock.acquire()
          order.push(`${name}+`)
          await new Promise((resolve) => setTimeout(resolve, 5))
          order.push(`${name}-`)
          release()
        }
        await Promise.all([hold('a'), hold('b'), hold('c')])
        expect(order).toEqual(['a+', 'a-', 'b+', 'b-', 'c+', 'c-'])
      })
    })

    describe('when a waiter is aborted', () => {
      it('rejects it and passes the lock to the next waiter', async () => {
        const lock = new SerialLock()
        const releaseFirst = await lock.acquire()
        const controller = new AbortController()
        const aborted = lock.acquire(controller.signal)
        const next = lock.acquire()
        controller.abort(new Error('stop'))
        await expect(aborted).rejects.toThrow('stop')
        releaseFirst()
        const releaseNext = await next
        releaseNext()
        // Free again: a fresh caller gets it at once.
        const again = await lock.acquire()
        again()
      })
    })

    describe('when the signal has already fired', () => {
      it('rejects without queuing', async () => {
        const lock = new SerialLock()
        await expect(lock.acquire(AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone')
        const release = await lock.acquire()
        release()
      })
    })

    describe('when a release is called twice', () => {
      it('hands the lock over only once', async () => {
        const lock = new SerialLock()
        const release = await lock.acquire()
        const order: string[] = []
        const b = lock.acquire().then((r) => {
          order.push('b')
          return r
        })
        const c = lock.acquire().then((r) => {
          order.push('c')
          return r
        })
        release()
        release()
        const releaseB = await b
        await new Promise((resolve) => setTimeout(resolve, 5))
        expect(order).toEqual(['b'])
        releaseB()
        ;(await c)()
        expect(order).toEqual(['b', 'c'])
      })
    })
  })
})
