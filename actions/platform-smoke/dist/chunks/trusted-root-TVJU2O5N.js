import { createRequire as __postflightCreateRequire } from 'node:module';
const require = __postflightCreateRequire(import.meta.url);
import {
  loadTrustedRoot,
  parseTrustedRoot
} from "./chunk-GODHUZ6I.js";
import "./chunk-CLYSHUBV.js";
import "./chunk-7J3IKRD4.js";
import "./chunk-37A44UKG.js";
import "./chunk-ARP2RSIW.js";
export {
  loadTrustedRoot,
  parseTrustedRoot
};
