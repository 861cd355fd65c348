import { createRequire as __postflightCreateRequire } from 'node:module';
const require = __postflightCreateRequire(import.meta.url);

// actions/verify-artifacts/src/sigstore/bundle-name.ts
var BUNDLE_SUFFIXES = [".sigstore.json", ".sigstore", ".bundle"];
function bundleSuffix(name) {
  const lower = name.toLowerCase();
  return BUNDLE_SUFFIXES.find((suffix) => lower.endsWith(suffix) && lower.length > suffix.length);
}
function isSigstoreBundleName(name) {
  return bundleSuffix(name) !== void 0;
}
function bundleSubject(name, allNames) {
  const suffix = bundleSuffix(name);
  if (suffix === void 0) return void 0;
  const subject = name.slice(0, -suffix.length);
  for (const candidate of allNames) if (candidate === subject) return subject;
  return void 0;
}
function sigstoreBundles(allNames) {
  return allNames.flatMap((name) => {
    if (!isSigstoreBundleName(name)) return [];
    const subject = bundleSubject(name, allNames);
    if (subject === void 0 && bundleSuffix(name) === ".bundle") return [];
    return [{ bundle: name, subject }];
  });
}

export {
  isSigstoreBundleName,
  bundleSubject,
  sigstoreBundles
};
