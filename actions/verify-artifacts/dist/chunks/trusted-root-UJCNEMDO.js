import { createRequire as __postflightCreateRequire } from 'node:module';
const require = __postflightCreateRequire(import.meta.url);
import {
  loadTrustedRoot,
  parseTrustedRoot
} from "./chunk-H65R54R4.js";
import "./chunk-CLYSHUBV.js";
import "./chunk-ETH7JIRE.js";
import "./chunk-37A44UKG.js";
import "./chunk-ARP2RSIW.js";
export {
  loadTrustedRoot,
  parseTrustedRoot
};
