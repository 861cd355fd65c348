import { createRequire as __postflightCreateRequire } from 'node:module';
const require = __postflightCreateRequire(import.meta.url);
import {
  verifyDetachedSignature
} from "./chunk-35MOAULI.js";
import "./chunk-7J3IKRD4.js";
import "./chunk-37A44UKG.js";
import "./chunk-ARP2RSIW.js";
export {
  verifyDetachedSignature
};
