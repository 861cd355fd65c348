import { createRequire as __postflightCreateRequire } from 'node:module';
const require = __postflightCreateRequire(import.meta.url);
import {
  checkRegistries
} from "./chunk-2YWLB77V.js";
import "./chunk-G646J7N3.js";
import "./chunk-37A44UKG.js";
import "./chunk-ARP2RSIW.js";
export {
  checkRegistries
};
