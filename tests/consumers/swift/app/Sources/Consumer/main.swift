// The docs' call (bindings/swift/README.md), blocking and awaited. The client reads
// SEAM_API_KEY and SEAM_ENDPOINT, which scripts/test-swift points at a fake-seam.
import SeamCore

let seam = try Seam()
let credential = try seam.acs.credentials.assign(
    acsUserId: "33333333-3333-3333-3333-333333333333",
    acsCredentialId: "66666666-6666-6666-6666-666666666666")
print(credential.displayName)   // Multi Phone Sync Credential
print(credential.accessMethod)  // mobile_key
print(credential.createdAt)     // 2024-04-12 03:56:22 +0000

let asyncSeam = try AsyncSeam()
let assigned = try await asyncSeam.acs.credentials.assign(
    acsUserId: "33333333-3333-3333-3333-333333333333",
    acsCredentialId: "66666666-6666-6666-6666-666666666666")
print(assigned.acsUserId ?? "nobody")   // 33333333-3333-3333-3333-333333333333
print(assigned == credential)           // true
