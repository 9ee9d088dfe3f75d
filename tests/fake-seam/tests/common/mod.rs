//! A deliberately tiny HTTP/1.1 client on std's TcpStream, so the fake is tested without an
//! HTTP client dependency (and without one's leniency).

#![allow(dead_code)]

pub mod models;

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::Value;

pub const API_KEY: &str = fake_seam::ids::API_KEY;
pub const USER: &str = fake_seam::ids::ACS_USER;
pub const CREDENTIAL: &str = fake_seam::ids::MOBILE_KEY_CREDENTIAL;
pub const ASSIGN: &str = fake_seam::ids::ASSIGN_ROUTE;

pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn request_id(&self) -> &str {
        self.header("seam-request-id")
            .expect("seam-request-id header")
    }
}

/// One keep-alive connection.
pub struct Conn {
    reader: BufReader<TcpStream>,
    host: String,
}

impl Conn {
    pub fn open(url: &str) -> Conn {
        let host = url
            .strip_prefix("http://")
            .expect("plain http url")
            .to_owned();
        let stream = TcpStream::connect(&host).expect("connect");
        // Head and body go out in separate writes; without this, Nagle holds the body back until
        // the server's delayed ACK (40 ms a request).
        stream.set_nodelay(true).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        Conn {
            reader: BufReader::new(stream),
            host,
        }
    }

    pub fn stream(&self) -> &TcpStream {
        self.reader.get_ref()
    }

    pub fn send(&mut self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) {
        let chunked = headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("transfer-encoding"));
        let length = body.len().to_string();
        let mut all = headers.to_vec();
        if !chunked && (!body.is_empty() || method != "GET") {
            all.push(("content-length", &length));
        }
        self.send_head_only(method, path, &all);
        self.send_raw(body);
    }

    /// The request line and these headers, nothing else.
    pub fn send_head_only(&mut self, method: &str, path: &str, headers: &[(&str, &str)]) {
        let mut out = format!("{method} {path} HTTP/1.1\r\nhost: {}\r\n", self.host);
        for (name, value) in headers {
            out.push_str(&format!("{name}: {value}\r\n"));
        }
        out.push_str("\r\n");
        self.send_raw(&out);
    }

    pub fn send_raw(&mut self, bytes: &str) {
        let stream = self.reader.get_mut();
        stream.write_all(bytes.as_bytes()).unwrap();
        stream.flush().unwrap();
    }

    /// Status line and headers only; the body is left unread.
    pub fn read_head(&mut self) -> io::Result<Reply> {
        let mut line = String::new();
        if self.reader.read_line(&mut line)? == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        let status = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("bad status line {line:?}"));
        let mut headers = Vec::new();
        loop {
            let mut line = String::new();
            self.reader.read_line(&mut line)?;
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            let (name, value) = line.split_once(':').expect("header line");
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
        Ok(Reply {
            status,
            headers,
            body: Vec::new(),
        })
    }

    pub fn read_reply(&mut self) -> io::Result<Reply> {
        let mut reply = self.read_head()?;
        let length: usize = reply
            .header("content-length")
            .expect("content-length")
            .parse()
            .unwrap();
        reply.body = vec![0; length];
        self.reader.read_exact(&mut reply.body)?;
        Ok(reply)
    }

    pub fn read_exact(&mut self, n: usize) -> io::Result<Vec<u8>> {
        let mut bytes = vec![0; n];
        self.reader.read_exact(&mut bytes)?;
        Ok(bytes)
    }

    pub fn read_rest(&mut self) -> io::Result<Vec<u8>> {
        let mut rest = Vec::new();
        self.reader.read_to_end(&mut rest)?;
        Ok(rest)
    }

    pub fn call(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> Reply {
        self.send(method, path, headers, body);
        self.read_reply().expect("reply")
    }
}

/// A request on a fresh connection.
pub fn call(url: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Reply {
    Conn::open(url).call(method, path, headers, body)
}

pub fn assign_body(user: &str, credential: &str) -> String {
    format!(r#"{{"acs_user_id":"{user}","acs_credential_id":"{credential}"}}"#)
}

/// An authorised assign of `body`.
pub fn assign(url: &str, method: &str, body: &str) -> Reply {
    let auth = format!("Bearer {API_KEY}");
    call(
        url,
        method,
        ASSIGN,
        &[
            ("authorization", &auth),
            ("content-type", "application/json"),
        ],
        body,
    )
}

/// Header names and values, owned.
pub type Headers = Vec<(String, String)>;

/// Authorization headers of each kind the fake knows.
pub fn api_key() -> Headers {
    vec![("authorization".into(), format!("Bearer {API_KEY}"))]
}

pub fn pat() -> Headers {
    vec![
        (
            "authorization".into(),
            format!("Bearer {}", fake_seam::ids::PERSONAL_ACCESS_TOKEN),
        ),
        ("seam-workspace".into(), fake_seam::ids::WORKSPACE.into()),
    ]
}

/// Both headers, as the official JavaScript SDK sends a client session token.
pub fn client_session() -> Headers {
    let token = fake_seam::ids::CLIENT_SESSION_TOKEN;
    vec![
        ("authorization".into(), format!("Bearer {token}")),
        ("client-session-token".into(), token.into()),
    ]
}

/// `params` as a query string the way the official Python SDK writes one (`_strict=true`
/// last), or as the JSON body for POST and PATCH.
pub fn call_as(
    url: &str,
    auth: &[(String, String)],
    method: &str,
    path: &str,
    params: &Value,
) -> Reply {
    let mut headers: Vec<(&str, &str)> =
        auth.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    if matches!(method, "GET" | "DELETE") {
        let query = query(params);
        let target = if query.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{query}&_strict=true")
        };
        call(url, method, &target, &headers, "")
    } else {
        headers.push(("content-type", "application/json"));
        call(url, method, path, &headers, &params.to_string())
    }
}

/// An API-key call.
pub fn api(url: &str, method: &str, path: &str, params: &Value) -> Reply {
    call_as(url, &api_key(), method, path, params)
}

/// A call that must succeed; its JSON.
pub fn ok(url: &str, method: &str, path: &str, params: &Value) -> Value {
    let reply = api(url, method, path, params);
    assert_eq!(
        reply.status,
        200,
        "{method} {path} {params}: {}",
        String::from_utf8_lossy(&reply.body)
    );
    let json = reply.json();
    assert_eq!(json["ok"], true);
    json
}

pub fn query(params: &Value) -> String {
    let object = params.as_object().expect("params object");
    let mut pairs: Vec<String> = object
        .iter()
        .map(|(name, value)| {
            let text = value
                .as_str()
                .map_or_else(|| value.to_string(), str::to_owned);
            format!("{}={}", encode(name), encode(&text))
        })
        .collect();
    pairs.sort();
    pairs.join("&")
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The ids of a list answer, in order.
pub fn ids_of(list: &Value) -> Vec<String> {
    list["acs_credentials"]
        .as_array()
        .expect("acs_credentials")
        .iter()
        .map(|c| c["acs_credential_id"].as_str().unwrap().to_owned())
        .collect()
}

/// An error answer's status, `error.type` and `error.validation_errors` (null if none).
pub fn error_of(reply: &Reply) -> (u16, String, Value) {
    let json = reply.json();
    assert_eq!(json["ok"], false, "{json}");
    assert!(json["error"]["message"].is_string(), "{json}");
    (
        reply.status,
        json["error"]["type"].as_str().unwrap().to_owned(),
        json["error"]["validation_errors"].clone(),
    )
}

pub fn add_fault(url: &str, fault: &str) {
    let reply = call(
        url,
        "POST",
        "/_fake/faults",
        &[("content-type", "application/json")],
        fault,
    );
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
}

pub fn requests(url: &str) -> Value {
    call(url, "GET", "/_fake/requests", &[], "").json()
}

/// An id no seed or server ever hands out.
pub const MISSING: &str = "12345678-1234-1234-1234-123456789012";

/// `params` as the official SDKs send them: for GET and DELETE a query where an array is its
/// name repeated (an empty one `name=`), otherwise a JSON body.
pub fn send_as(
    url: &str,
    auth: &[(String, String)],
    method: &str,
    path: &str,
    params: &Value,
) -> Reply {
    let mut headers: Vec<(&str, &str)> =
        auth.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    if matches!(method, "GET" | "DELETE") {
        let query = query_repeated(params);
        let target = if query.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{query}&_strict=true")
        };
        call(url, method, &target, &headers, "")
    } else {
        headers.push(("content-type", "application/json"));
        call(url, method, path, &headers, &params.to_string())
    }
}

pub fn query_repeated(params: &Value) -> String {
    let object = params.as_object().expect("params object");
    let mut pairs = Vec::new();
    for (name, value) in object {
        let text = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_owned);
        match value {
            Value::Array(items) if items.is_empty() => pairs.push(format!("{}=", encode(name))),
            Value::Array(items) => {
                for item in items {
                    pairs.push(format!("{}={}", encode(name), encode(&text(item))));
                }
            }
            other => pairs.push(format!("{}={}", encode(name), encode(&text(other)))),
        }
    }
    pairs.join("&")
}

/// An API-key call sent as the SDKs send it, which must succeed; its JSON.
pub fn sdk_ok(url: &str, method: &str, path: &str, params: &Value) -> Value {
    let reply = send_as(url, &api_key(), method, path, params);
    assert_eq!(
        reply.status,
        200,
        "{method} {path} {params}: {}",
        String::from_utf8_lossy(&reply.body)
    );
    reply.json()
}

/// A control route's JSON answer (no auth), which must succeed.
pub fn control(url: &str, method: &str, path: &str, body: &Value) -> Value {
    let reply = call(
        url,
        method,
        path,
        &[("content-type", "application/json")],
        &body.to_string(),
    );
    assert_eq!(
        reply.status,
        200,
        "{method} {path}: {}",
        String::from_utf8_lossy(&reply.body)
    );
    reply.json()
}
