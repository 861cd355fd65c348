import { createRequire as __postflightCreateRequire } from 'node:module';
const require = __postflightCreateRequire(import.meta.url);
import {
  checkRegistries
} from "./chunk-FKX35WFR.js";
import "./chunk-DRU7LBCS.js";
import "./chunk-37A44UKG.js";
import "./chunk-ARP2RSIW.js";
export {
  checkRegistries
};
