// Hand-written additions to the generated bindings (Generated/SeamCore.swift).
//
// The core exposes one flat method, `Seam.acsCredentialsAssign(acsUserId:acsCredentialId:)`;
// this file adds the Seam SDKs' resource-shaped spelling on top of it:
//
//     let seam = try Seam(apiKey: "seam_...")
//     let credential = try seam.acs.credentials.assign(acsUserId: "...", acsCredentialId: "...")
//
// `acs` and `credentials` are tiny structs that only hold the client: no native object is
// created per call, and they are `Sendable` like the client itself.

extension Seam {
    /// The access control systems (ACS) part of the Seam API: `seam.acs.credentials`.
    public var acs: Acs { Acs(seam: self) }

    /// `seam.acs`: routes of the Seam API under `/acs/`.
    public struct Acs: Sendable {
        let seam: Seam

        /// `seam.acs.credentials`: routes under `/acs/credentials/`.
        public var credentials: Credentials { Credentials(seam: seam) }

        /// `seam.acs.credentials`: routes under `/acs/credentials/`.
        public struct Credentials: Sendable {
            let seam: Seam

            /// Assigns a credential to an ACS user (`POST /acs/credentials/assign`) and
            /// returns the credential as the API now has it.
            ///
            /// Both ids must be UUIDs in the canonical 8-4-4-4-12 hexadecimal form; anything
            /// else throws ``SeamError/InvalidInput(parameter:reason:)`` and sends nothing.
            ///
            /// The call blocks the calling thread until the API answers, the client's timeout
            /// passes (retries included) or the call fails; from Swift concurrency, call it
            /// off the cooperative thread pool (for example from a `Thread` or a
            /// `DispatchQueue`) if it may wait long.
            ///
            /// - Throws: ``SeamError``, whose `description` says what went wrong.
            @discardableResult
            public func assign(acsUserId: String, acsCredentialId: String) throws -> AcsCredential {
                try seam.acsCredentialsAssign(acsUserId: acsUserId, acsCredentialId: acsCredentialId)
            }
        }
    }
}

// UniFFI generates `SeamError.description` from the core's `Display` but (as of UniFFI
// 0.32) does not declare the conformance. Declaring it makes `"\(error)"`,
// `String(describing:)`, `print(error)` and, through the generated `LocalizedError`
// conformance (`errorDescription` is `String(reflecting:)`), `error.localizedDescription`
// all read as the core's one-sentence message.
extension SeamError: CustomStringConvertible {}
