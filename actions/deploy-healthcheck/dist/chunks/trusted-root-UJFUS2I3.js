import { createRequire as __postflightCreateRequire } from 'node:module';
const require = __postflightCreateRequire(import.meta.url);
import {
  loadTrustedRoot,
  parseTrustedRoot
} from "./chunk-VAQNKZ4R.js";
import "./chunk-CLYSHUBV.js";
import "./chunk-G646J7N3.js";
import "./chunk-37A44UKG.js";
import "./chunk-ARP2RSIW.js";
export {
  loadTrustedRoot,
  parseTrustedRoot
};
