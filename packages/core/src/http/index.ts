export {
  type DownloadOptions,
  type DownloadProgress,
  type DownloadResult,
  downloadToFile,
} from './download.ts'
export { type FollowOptions, getFollowing } from './follow.ts'
export { type HeaderPolicy, headersFor, originOf } from './header-policy.ts'
export { HttpError, isRetryable, statusError, waitRequested } from './http-error.ts'
export { type JsonResponse, nextLink, type RequestJsonOptions, requestJson } from './request-json.ts'
export { honourProxyEnvironment } from './transport.ts'
