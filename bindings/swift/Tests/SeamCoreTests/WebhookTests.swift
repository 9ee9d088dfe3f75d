// Webhook verification: `SeamWebhook(secret:).verify(payload:headers:)` answers the typed
// `Event` of a genuine delivery and refuses every wrong one (`NotGenuine`, or `NotAnEvent` for
// a signed body that is no event), never showing the secret. Swift on Linux has no HMAC at
// hand (no CryptoKit), so fake-seam signs (`POST /_fake/sign_webhook`, Svix's scheme, checked
// against Svix's published vector in fake-seam's own tests), with the secret of a webhook
// made through the API.

import Foundation
import SeamCore
import Testing

/// A webhook of a fresh fake, another one (whose secret is the wrong one), and an event.
struct Delivery: Sendable {
    let fake: FakeSeam
    let webhook: Webhook
    let secret: String
    let otherSecret: String
    /// The event as `events.list` answers it, and its JSON: the body of a delivery.
    let event: Event
    let body: String

    static func make() async throws -> Delivery {
        let fake = try await FakeSeam.start()
        do {
            let seam = try AsyncSeam(apiKey: apiKey, endpoint: fake.url)
            // The fake delivers only to loopback http; nothing listens there, which does not
            // matter: the deliveries here are signed on request, not received.
            let webhook = try await seam.webhooks.create(url: "http://127.0.0.1:9/seam-webhook")
            let other = try await seam.webhooks.create(url: "http://127.0.0.1:9/other")
            _ = try await seam.acs.users.create(fullName: "Jane Guest", acsSystemId: mainBuilding)
            let events = try await seam.events.list(eventType: .acsUserCreated)
            guard let event = events.first, let secret = webhook.secret, let otherSecret = other.secret else {
                throw SetupError("no acs_user.created event, or a webhook without its secret")
            }
            return Delivery(fake: fake, webhook: webhook, secret: secret, otherSecret: otherSecret, event: event, body: event.toJson())
        } catch {
            fake.stop()
            throw error
        }
    }

    /// The `svix-*` headers of `payload` signed with `secret` (this webhook's unless told).
    func sign(
        _ payload: String, secret: String? = nil, at timestamp: Int? = nil, msgId: String = "msg_test"
    ) async throws -> [String: String] {
        var spec: [String: Any] = ["secret": secret ?? self.secret, "payload": payload, "msg_id": msgId]
        if let timestamp { spec["timestamp"] = timestamp }
        let request = try JSONSerialization.data(withJSONObject: spec)
        let (status, answer) = try await blocking { try http("POST", "\(fake.url)/_fake/sign_webhook", body: request) }
        guard status == 200, let headers = try JSONSerialization.jsonObject(with: answer) as? [String: String] else {
            throw SetupError("POST /_fake/sign_webhook: HTTP \(status) \(String(decoding: answer, as: UTF8.self))")
        }
        return headers
    }
}

/// What a verifier is given: its secret, the body as received, the request's headers.
struct Received: Sendable {
    var secret: String
    var payload: String
    var headers: [String: String]
}

enum Verdict: Sendable, Equatable {
    case event
    case notGenuine
    case notAnEvent
}

struct WebhookCase: Sendable, CustomTestStringConvertible {
    let what: String
    let verdict: Verdict
    let received: @Sendable (Delivery) async throws -> Received
    var testDescription: String { what }
}

func now() -> Int { Int(Date().timeIntervalSince1970) }

let webhookCases: [WebhookCase] = [
    WebhookCase(what: "genuine", verdict: .event) { d in
        Received(secret: d.secret, payload: d.body, headers: try await d.sign(d.body))
    },
    WebhookCase(what: "genuine, header names upper-case", verdict: .event) { d in
        let headers = try await d.sign(d.body)
        return Received(secret: d.secret, payload: d.body, headers: Dictionary(uniqueKeysWithValues: headers.map { ($0.key.uppercased(), $0.value) }))
    },
    WebhookCase(what: "genuine, signed a minute ago", verdict: .event) { d in
        Received(secret: d.secret, payload: d.body, headers: try await d.sign(d.body, at: now() - 60))
    },
    WebhookCase(what: "tampered body: another event type", verdict: .notGenuine) { d in
        let tampered = d.body.replacingOccurrences(of: "acs_user.created", with: "acs_user.deleted")
        guard tampered != d.body else { throw SetupError("the body does not name its event type") }
        return Received(secret: d.secret, payload: tampered, headers: try await d.sign(d.body))
    },
    WebhookCase(what: "tampered body: a space added", verdict: .notGenuine) { d in
        Received(secret: d.secret, payload: d.body + " ", headers: try await d.sign(d.body))
    },
    WebhookCase(what: "verified with another webhook's secret", verdict: .notGenuine) { d in
        Received(secret: d.otherSecret, payload: d.body, headers: try await d.sign(d.body))
    },
    WebhookCase(what: "signed with another webhook's secret", verdict: .notGenuine) { d in
        Received(secret: d.secret, payload: d.body, headers: try await d.sign(d.body, secret: d.otherSecret))
    },
    // The tolerance is 5 minutes either way.
    WebhookCase(what: "signed 6 minutes ago", verdict: .notGenuine) { d in
        Received(secret: d.secret, payload: d.body, headers: try await d.sign(d.body, at: now() - 360))
    },
    WebhookCase(what: "signed 6 minutes ahead", verdict: .notGenuine) { d in
        Received(secret: d.secret, payload: d.body, headers: try await d.sign(d.body, at: now() + 360))
    },
    WebhookCase(what: "no svix-id", verdict: .notGenuine) { d in
        var headers = try await d.sign(d.body)
        headers["svix-id"] = nil
        return Received(secret: d.secret, payload: d.body, headers: headers)
    },
    WebhookCase(what: "no svix-timestamp", verdict: .notGenuine) { d in
        var headers = try await d.sign(d.body)
        headers["svix-timestamp"] = nil
        return Received(secret: d.secret, payload: d.body, headers: headers)
    },
    WebhookCase(what: "no svix-signature", verdict: .notGenuine) { d in
        var headers = try await d.sign(d.body)
        headers["svix-signature"] = nil
        return Received(secret: d.secret, payload: d.body, headers: headers)
    },
    WebhookCase(what: "another message id than the one signed", verdict: .notGenuine) { d in
        var headers = try await d.sign(d.body)
        headers["svix-id"] = "msg_other"
        return Received(secret: d.secret, payload: d.body, headers: headers)
    },
    WebhookCase(what: "only bad signatures", verdict: .notGenuine) { d in
        var headers = try await d.sign(d.body)
        let forged = try await d.sign(d.body, secret: d.otherSecret)["svix-signature"] ?? ""
        headers["svix-signature"] = [forged, "v1,AAAA", "v1,not base64!"].joined(separator: " ")
        return Received(secret: d.secret, payload: d.body, headers: headers)
    },
    // Svix lists one signature per key while keys rotate: one good one is enough.
    WebhookCase(what: "one good signature among bad ones", verdict: .event) { d in
        var headers = try await d.sign(d.body)
        let forged = try await d.sign(d.body, secret: d.otherSecret)["svix-signature"] ?? ""
        headers["svix-signature"] = [forged, headers["svix-signature"] ?? "", "v1,AAAA"].joined(separator: " ")
        return Received(secret: d.secret, payload: d.body, headers: headers)
    },
    WebhookCase(what: "signed, but not JSON", verdict: .notAnEvent) { d in
        Received(secret: d.secret, payload: "not json", headers: try await d.sign("not json"))
    },
    WebhookCase(what: "signed JSON, but no event", verdict: .notAnEvent) { d in
        let body = #"{"event_id": 5}"#
        return Received(secret: d.secret, payload: body, headers: try await d.sign(body))
    },
]

@Suite("webhook verification")
struct WebhookTests {
    @Test("a delivery verifies to its event, or is refused as it should be", arguments: webhookCases)
    func verify(_ c: WebhookCase) async throws {
        let delivery = try await Delivery.make()
        defer { delivery.fake.stop() }
        let received = try await c.received(delivery)
        let verifier = try SeamWebhook(secret: received.secret)
        let outcome = Result { try verifier.verify(payload: Data(received.payload.utf8), headers: received.headers) }
        switch (c.verdict, outcome) {
        case (.event, .success(let event)):
            #expect(event.eventType == .acsUserCreated)
            #expect(event == delivery.event, "the delivered event is the one Seam lists")
        case (.notGenuine, .failure(WebhookError.NotGenuine(let reason))),
            (.notAnEvent, .failure(WebhookError.NotAnEvent(let reason))):
            #expect(!reason.isEmpty)
        default:
            Issue.record("expected \(c.verdict), got \(outcome)")
        }
        // The secrets, with or without their prefix, show in no form of an error or a verifier.
        if case .failure(let error) = outcome {
            let key = String(delivery.secret.dropFirst("whsec_".count))
            for text in ["\(error)", String(reflecting: error), error.localizedDescription] {
                #expect(!text.contains(delivery.secret) && !text.contains(key), "\(text)")
                #expect(!text.contains(delivery.otherSecret.dropFirst("whsec_".count)), "\(text)")
            }
        }
        for shown in [String(describing: verifier), String(reflecting: verifier)] {
            #expect(!shown.contains(received.secret.dropFirst("whsec_".count)), "\(shown)")
        }
    }

    @Test("the README's sample, word for word")
    func readme() async throws {
        let delivery = try await Delivery.make()
        defer { delivery.fake.stop() }
        let output = Output()
        let print = output.print
        let webhook = delivery.webhook
        let body = Data(delivery.body.utf8)
        let headers = try await delivery.sign(delivery.body)

        let verifier = try SeamWebhook(secret: webhook.secret!)   // keep the secret out of your logs
        do {
            let event = try verifier.verify(payload: body, headers: headers)  // the body as received
            print(event.eventType)                                            // acs_user.created
        } catch WebhookError.NotGenuine {
            // a signature, header or timestamp missing, stale or wrong: answer 400
        } catch WebhookError.NotAnEvent {
            // genuine but not an event: acknowledge it (it will never read) and report it
        }

        #expect(output.printed == ["acs_user.created"])
    }

    @Test("a secret that is not whsec_ and base64 is refused without showing it", arguments: ["whsec_not base64!", "not-a-secret"])
    func badSecret(_ secret: String) async throws {
        let error = try await seamError { try SeamWebhook(secret: secret) }
        guard case .Config = error else {
            Issue.record("expected .Config, got \(String(reflecting: error))")
            return
        }
        #expect(!error.description.contains(secret) && !String(reflecting: error).contains(secret))
    }
}
