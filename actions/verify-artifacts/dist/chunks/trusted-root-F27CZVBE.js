import { createRequire as __postflightCreateRequire } from 'node:module';
const require = __postflightCreateRequire(import.meta.url);
import {
  loadTrustedRoot,
  parseTrustedRoot
} from "./chunk-OIEPMWAI.js";
import "./chunk-CLYSHUBV.js";
import "./chunk-DRU7LBCS.js";
import "./chunk-37A44UKG.js";
import "./chunk-ARP2RSIW.js";
export {
  loadTrustedRoot,
  parseTrustedRoot
};
