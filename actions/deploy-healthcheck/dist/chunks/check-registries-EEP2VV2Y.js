import { createRequire as __postflightCreateRequire } from 'node:module';
const require = __postflightCreateRequire(import.meta.url);
import {
  checkRegistries
} from "./chunk-4KTS73CR.js";
import "./chunk-4HL2O4X2.js";
import "./chunk-37A44UKG.js";
import "./chunk-ARP2RSIW.js";
export {
  checkRegistries
};
