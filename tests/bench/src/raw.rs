//! The raw limit: a minimal keep-alive HTTP/1.1 client on `std::net::TcpStream`, and the same
//! loop with one of ureq's extra system calls added, to price each (`scripts/bench --ablation`).

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::{Contender, Core, Error};

/// What the loop does besides one write and one read per call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extra {
    /// Nothing (`raw`).
    None,
    /// Head and body in two writes, as ureq sends them (`raw-split`).
    Split,
    /// ureq's two liveness probes of a pooled connection, each `ioctl(FIONBIO)`, a 1-byte
    /// `recvfrom`, `ioctl(FIONBIO)` (`raw-probes`).
    Probes,
    /// A socket timeout set before the write and before each of two reads, to a value that
    /// changes every call, as a deadline does (`raw-timeouts`).
    Timeouts,
}

/// One connection that replays `request` and reads each answer by its `Content-Length`.
pub struct Raw {
    stream: TcpStream,
    request: Vec<u8>,
    extra: Extra,
    /// Where the body starts (for `Extra::Split`).
    split: Option<usize>,
    buf: Vec<u8>,
}

impl Raw {
    pub fn connect(url: &str, extra: Extra) -> Result<Raw, Error> {
        let request = captured_request(url)?;
        let split = if extra == Extra::Split {
            let head = request.windows(4).position(|w| w == b"\r\n\r\n");
            Some(head.ok_or("the captured request has no head")? + 4)
        } else {
            None
        };
        let stream = TcpStream::connect(host_port(url)?)?;
        // Like ureq (and the fake): no Nagle delay on either side.
        stream.set_nodelay(true)?;
        Ok(Raw {
            stream,
            request,
            extra,
            split,
            buf: vec![0; 16 * 1024],
        })
    }

    /// ureq's `is_open`: a non-blocking 1-byte read must find nothing.
    fn probe(&mut self) -> io::Result<()> {
        self.stream.set_nonblocking(true)?;
        let mut byte = [0u8];
        match self.stream.read(&mut byte) {
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            _ => {
                return Err(io::Error::other(
                    "the probe found the connection closed or busy",
                ))
            }
        }
        self.stream.set_nonblocking(false)
    }

    /// A timeout that differs from the previous one, as a deadline's remaining time does.
    fn deadline_timeout(&self, started: Instant) -> Option<Duration> {
        Some(
            Duration::from_secs(30)
                .saturating_sub(started.elapsed())
                .max(Duration::from_millis(1)),
        )
    }

    /// Sends the request and reads one whole response; fails unless it is a 200.
    pub fn call(&mut self) -> io::Result<()> {
        let started = Instant::now();
        if self.extra == Extra::Probes {
            self.probe()?;
        }
        if self.extra == Extra::Timeouts {
            self.stream
                .set_write_timeout(self.deadline_timeout(started))?;
            self.stream
                .set_read_timeout(self.deadline_timeout(started))?;
            self.stream
                .set_read_timeout(self.deadline_timeout(started))?;
        }
        match self.split.and_then(|at| self.request.split_at_checked(at)) {
            Some((head, body)) => {
                self.stream.write_all(head)?;
                self.stream.write_all(body)?;
            }
            None => self.stream.write_all(&self.request)?,
        }
        let mut filled = 0;
        let mut total = None;
        loop {
            if filled == self.buf.len() {
                self.buf.resize(self.buf.len() * 2, 0);
            }
            let n = self
                .stream
                .read(self.buf.get_mut(filled..).unwrap_or_default())?;
            if n == 0 {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
            filled += n;
            let have = self.buf.get(..filled).unwrap_or_default();
            if total.is_none() {
                total = response_length(have)?;
            }
            match total {
                Some(total) if filled >= total => {
                    if self.extra == Extra::Probes {
                        self.probe()?;
                    }
                    let have = self.buf.get(..filled).unwrap_or_default();
                    return if have.starts_with(b"HTTP/1.1 200 ") {
                        Ok(())
                    } else {
                        Err(io::Error::other(format!(
                            "not a 200: {}",
                            String::from_utf8_lossy(have.get(..40).unwrap_or(have))
                        )))
                    };
                }
                _ => {}
            }
        }
    }
}

/// Head length + Content-Length, once the head is complete.
fn response_length(bytes: &[u8]) -> io::Result<Option<usize>> {
    let Some(head_end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") else {
        return Ok(None);
    };
    let head = bytes.get(..head_end).unwrap_or_default();
    let length = head
        .split(|&b| b == b'\n')
        .filter_map(|line| {
            let line = std::str::from_utf8(line).ok()?;
            let (name, value) = line.split_once(':')?;
            name.trim()
                .eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())?
        })
        .next()
        .ok_or_else(|| io::Error::other("response without Content-Length"))?;
    Ok(Some(head_end + 4 + length))
}

fn host_port(url: &str) -> Result<&str, Error> {
    url.strip_prefix("http://")
        .map(|rest| rest.trim_end_matches('/'))
        .ok_or_else(|| format!("expected an http:// URL, got {url:?}").into())
}

/// The exact request the core sends for one assign: made by the core once, then read back
/// from fake-seam's request log (method, target, every header as sent, body).
pub fn captured_request(url: &str) -> Result<Vec<u8>, Error> {
    Core::new(url)?.call()?;
    let mut stream = TcpStream::connect(host_port(url)?)?;
    write!(
        stream,
        "GET /_fake/requests HTTP/1.1\r\nhost: {}\r\nconnection: close\r\n\r\n",
        host_port(url)?
    )?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    let body_start = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("fake-seam's /_fake/requests answer has no head")?
        + 4;
    let log: serde_json::Value =
        serde_json::from_slice(answer.get(body_start..).unwrap_or_default())?;
    let last = log.get("last");
    let field = |name: &str| last.and_then(|l| l.get(name));
    let text = |name: &str| field(name).and_then(|v| v.as_str()).map(str::to_owned);
    let (Some(method), Some(target), Some(body), Some(headers)) = (
        text("method"),
        text("target"),
        text("body"),
        field("headers").and_then(|h| h.as_object()),
    ) else {
        return Err(format!("unexpected /_fake/requests answer: {log}").into());
    };
    let mut request = format!("{method} {target} HTTP/1.1\r\n");
    for (name, value) in headers {
        let value = value.as_str().ok_or("a header value is not text")?;
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(&body);
    Ok(request.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn response_length_waits_for_the_head_and_adds_the_body() {
        assert_eq!(
            response_length(b"HTTP/1.1 200 OK\r\ncontent-le").unwrap(),
            None
        );
        let head = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab";
        assert_eq!(response_length(head).unwrap(), Some(head.len() - 2 + 5));
        assert!(response_length(b"HTTP/1.1 200 OK\r\n\r\n").is_err());
    }

    #[test]
    fn host_port_needs_plain_http() {
        assert_eq!(host_port("http://127.0.0.1:80/").unwrap(), "127.0.0.1:80");
        assert!(host_port("https://127.0.0.1:80").is_err());
    }
}
