import { createRequire as __postflightCreateRequire } from 'node:module';
const require = __postflightCreateRequire(import.meta.url);
import {
  checkRegistries
} from "./chunk-RV6RHEB6.js";
import "./chunk-ETH7JIRE.js";
import "./chunk-37A44UKG.js";
import "./chunk-ARP2RSIW.js";
export {
  checkRegistries
};
