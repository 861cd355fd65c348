import { createRequire as __postflightCreateRequire } from 'node:module';
const require = __postflightCreateRequire(import.meta.url);
import {
  verifyDetachedSignature
} from "./chunk-PG3HCXPV.js";
import "./chunk-KNJ66DZ2.js";
import "./chunk-37A44UKG.js";
import "./chunk-ARP2RSIW.js";
export {
  verifyDetachedSignature
};
