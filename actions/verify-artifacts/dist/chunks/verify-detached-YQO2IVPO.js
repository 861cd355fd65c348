import { createRequire as __postflightCreateRequire } from 'node:module';
const require = __postflightCreateRequire(import.meta.url);
import {
  verifyDetachedSignature
} from "./chunk-FZOJLWDK.js";
import "./chunk-MS7ESEUI.js";
import "./chunk-37A44UKG.js";
import "./chunk-ARP2RSIW.js";
export {
  verifyDetachedSignature
};
