import { createRequire as __postflightCreateRequire } from 'node:module';
const require = __postflightCreateRequire(import.meta.url);
import {
  verifyDetachedSignature
} from "./chunk-NGY5RSYJ.js";
import "./chunk-K6EUPEDW.js";
import "./chunk-37A44UKG.js";
import "./chunk-ARP2RSIW.js";
export {
  verifyDetachedSignature
};
