import { createRequire as __postflightCreateRequire } from 'node:module';
const require = __postflightCreateRequire(import.meta.url);

// actions/verify-artifacts/src/signature/signature-name.ts
var SIGNATURE_EXTENSIONS = [".asc", ".sig", ".gpg"];
var KEY_FILE = /(?:^|[._-])(?:pub|public|signing)?[_-]?keys?(?:ring)?$/i;
function isSignatureName(name) {
  const lower = name.toLowerCase();
  const extension = SIGNATURE_EXTENSIONS.find((candidate) => lower.endsWith(candidate));
  if (extension === void 0 || lower.length === extension.length) return false;
  return !KEY_FILE.test(name.slice(0, -extension.length));
}
function signatureFor(fileName, allNames) {
  const names = new Set(allNames);
  return SIGNATURE_EXTENSIONS.map((extension) => `${fileName}${extension}`).find(
    (candidate) => names.has(candidate)
  );
}

export {
  isSignatureName,
  signatureFor
};
