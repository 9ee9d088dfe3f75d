//! Just enough HTTP/1.1 for API clients: keep-alive, Content-Length and chunked request bodies,
//! `Expect: 100-continue`. Responses always carry a Content-Length.

use std::io::{self, BufRead, BufReader, Read, Write};

/// Caps keep a misbehaving client from making us buffer without bound.
const MAX_HEAD_BYTES: u64 = 64 * 1024;
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

pub struct Request {
    pub method: String,
    pub target: String,
    pub http10: bool,
    /// Names are lower-cased; order and duplicates are kept as sent.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// The target without its query string: routes and faults match on this.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn keep_alive(&self) -> bool {
        let connection = self
            .header("connection")
            .unwrap_or_default()
            .to_ascii_lowercase();
        if self.http10 {
            connection.contains("keep-alive")
        } else {
            !connection.contains("close")
        }
    }
}

pub enum ReadError {
    /// The peer closed the connection between requests: the normal end of keep-alive.
    Closed,
    Io(io::Error),
    /// Unparseable request: answer with this status, then close (we can't find the next one).
    Bad(u16, &'static str),
}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> Self {
        ReadError::Io(e)
    }
}

pub fn read_request<S: Read + Write>(reader: &mut BufReader<S>) -> Result<Request, ReadError> {
    let mut budget = MAX_HEAD_BYTES;
    // Tolerate stray CRLFs between requests, as RFC 9112 asks servers to.
    let request_line = loop {
        match read_line(reader, &mut budget)? {
            None => return Err(ReadError::Closed),
            Some(line) if line.is_empty() => continue,
            Some(line) => break line,
        }
    };
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(ReadError::Bad(400, "malformed request line"));
    };
    let http10 = match version {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        _ => {
            return Err(ReadError::Bad(
                505,
                "only HTTP/1.0 and HTTP/1.1 are supported",
            ))
        }
    };

    let mut headers = Vec::new();
    loop {
        let Some(line) = read_line(reader, &mut budget)? else {
            return Err(ReadError::Io(io::ErrorKind::UnexpectedEof.into()));
        };
        if line.is_empty() {
            break;
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(ReadError::Bad(400, "malformed header"));
        };
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }

    let mut request = Request {
        method: method.to_owned(),
        target: target.to_owned(),
        http10,
        headers,
        body: Vec::new(),
    };
    read_body(reader, &mut request)?;
    Ok(request)
}

fn read_body<S: Read + Write>(
    reader: &mut BufReader<S>,
    request: &mut Request,
) -> Result<(), ReadError> {
    let chunked = request
        .header("transfer-encoding")
        .is_some_and(|te| te.to_ascii_lowercase().contains("chunked"));
    let length = match request.header("content-length") {
        None => 0,
        Some(v) => v
            .parse::<usize>()
            .map_err(|_| ReadError::Bad(400, "invalid Content-Length"))?,
    };
    if length > MAX_BODY_BYTES {
        return Err(ReadError::Bad(413, "request body too large"));
    }
    if (chunked || length > 0)
        && request
            .header("expect")
            .is_some_and(|e| e.eq_ignore_ascii_case("100-continue"))
    {
        let socket = reader.get_mut();
        socket.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
        socket.flush()?;
    }

    if chunked {
        let mut budget = MAX_HEAD_BYTES;
        loop {
            let line = read_line(reader, &mut budget)?
                .ok_or(ReadError::Io(io::ErrorKind::UnexpectedEof.into()))?;
            let size = line.split(';').next().unwrap_or_default().trim();
            let size = usize::from_str_radix(size, 16)
                .map_err(|_| ReadError::Bad(400, "malformed chunk size"))?;
            if size == 0 {
                // Trailers, if any, end with an empty line.
                while read_line(reader, &mut budget)?.is_some_and(|l| !l.is_empty()) {}
                return Ok(());
            }
            if request.body.len() + size > MAX_BODY_BYTES {
                return Err(ReadError::Bad(413, "request body too large"));
            }
            let start = request.body.len();
            request.body.resize(start + size, 0);
            reader.read_exact(request.body.get_mut(start..).unwrap_or_default())?;
            let mut crlf = [0u8; 2];
            reader.read_exact(&mut crlf)?;
        }
    }

    request.body.resize(length, 0);
    reader.read_exact(&mut request.body)?;
    Ok(())
}

/// One CRLF- (or bare LF-) terminated line; `None` on a clean EOF before any byte.
fn read_line<R: BufRead>(reader: &mut R, budget: &mut u64) -> Result<Option<String>, ReadError> {
    let mut line = Vec::new();
    let n = reader.by_ref().take(*budget).read_until(b'\n', &mut line)?;
    *budget = budget.saturating_sub(n as u64);
    if n == 0 {
        return if *budget == 0 {
            Err(ReadError::Bad(431, "request head too large"))
        } else {
            Ok(None)
        };
    }
    if line.pop() != Some(b'\n') {
        return Err(if *budget == 0 {
            ReadError::Bad(431, "request head too large")
        } else {
            ReadError::Io(io::ErrorKind::UnexpectedEof.into())
        });
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    String::from_utf8(line)
        .map(Some)
        .map_err(|_| ReadError::Bad(400, "request head is not UTF-8"))
}

pub struct Response {
    pub status: u16,
    /// Content-Length and Connection are added when writing.
    pub headers: Vec<(String, String)>,
    pub body: Body,
}

pub enum Body {
    Bytes(Vec<u8>),
    /// That many bytes of never-ending JSON-ish filler, generated while sending.
    Filler(u64),
}

impl Body {
    pub fn len(&self) -> u64 {
        match self {
            Body::Bytes(b) => b.len() as u64,
            Body::Filler(n) => *n,
        }
    }

    pub fn reader(&self) -> Box<dyn Read + '_> {
        match self {
            Body::Bytes(b) => Box::new(b.as_slice()),
            Body::Filler(n) => Box::new(Filler { sent: 0, len: *n }),
        }
    }
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: vec![("content-type".to_owned(), content_type.to_owned())],
            body: Body::Bytes(body),
        }
    }

    pub fn json(status: u16, value: &serde_json::Value) -> Response {
        Response::new(status, "application/json", value.to_string().into_bytes())
    }

    /// Sets a header, replacing any of the same name.
    pub fn set_header(&mut self, name: &str, value: &str) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_owned(), value.to_owned()));
    }

    pub fn head(&self, close: bool) -> Vec<u8> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!("content-length: {}\r\n", self.body.len()));
        if close {
            head.push_str("connection: close\r\n");
        }
        head.push_str("\r\n");
        head.into_bytes()
    }

    /// Head and small bodies go out in one write: a split write can stall on Nagle + delayed ACK.
    pub fn write_to<W: Write>(&self, out: &mut W, close: bool, head_only: bool) -> io::Result<()> {
        let mut bytes = self.head(close);
        match &self.body {
            _ if head_only => out.write_all(&bytes)?,
            Body::Bytes(body) => {
                bytes.extend_from_slice(body);
                out.write_all(&bytes)?;
            }
            Body::Filler(_) => {
                out.write_all(&bytes)?;
                io::copy(&mut self.body.reader(), out)?;
            }
        }
        out.flush()
    }
}

/// `[0,0,0,…` — looks like the start of a JSON array and never ends, so a client that buffers
/// it all and then parses fails either way; only a size cap saves it.
struct Filler {
    sent: u64,
    len: u64,
}

impl Read for Filler {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = buf
            .len()
            .min(usize::try_from(self.len - self.sent).unwrap_or(usize::MAX));
        for (i, byte) in buf.iter_mut().take(n).enumerate() {
            let pos = self.sent + i as u64;
            *byte = match pos {
                0 => b'[',
                p if p % 2 == 1 => b'0',
                _ => b',',
            };
        }
        self.sent += n as u64;
        Ok(n)
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        413 => "Content Too Large",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        _ => "Unknown",
    }
}
