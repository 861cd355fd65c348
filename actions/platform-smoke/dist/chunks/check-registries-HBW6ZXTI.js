import { createRequire as __postflightCreateRequire } from 'node:module';
const require = __postflightCreateRequire(import.meta.url);
import {
  checkRegistries
} from "./chunk-KK6LKXBY.js";
import "./chunk-2VPKQAAI.js";
import "./chunk-37A44UKG.js";
import "./chunk-ARP2RSIW.js";
export {
  checkRegistries
};
