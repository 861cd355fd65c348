export { type AttestationMode, type AttestedAsset, checkAttestations } from './check-attestations.ts'
export { attestationPolicy, fetchAttestationBundles } from './github.ts'
export { checkProvenanceSource, provenanceSource, SLSA_PROVENANCE_V1 } from './provenance.ts'
