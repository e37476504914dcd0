//! Just enough SMTP to reach TLS (RFC 5321, RFC 3207): read the greeting, `EHLO`, look for
//! `STARTTLS`, send it, and hand the connection back for the handshake. Replies are read with
//! limits (line length, line count); the caller bounds the time.

use tokio::io::{AsyncBufReadExt as _, AsyncReadExt as _, AsyncWriteExt as _, BufReader};
use tokio::net::TcpStream;

/// The longest reply line read (RFC 5321 §4.5.3.1.5 allows 512 octets; servers write longer).
const MAX_LINE: u64 = 4096;
/// The most lines of one reply (an `EHLO` reply lists one extension a line).
const MAX_LINES: usize = 100;

/// Why the connection did not get to TLS.
#[derive(Debug, PartialEq, Eq)]
pub enum StartTlsError {
    /// The server answered without offering or accepting `STARTTLS`; its reply, for people.
    NotOffered(String),
    /// The dialogue broke: a closed connection, a reply that is not SMTP.
    Dialogue(String),
}

/// One reply: its code and its lines (text after the code and separator).
#[derive(Debug)]
struct Reply {
    code: u16,
    lines: Vec<String>,
}

impl Reply {
    fn text(&self) -> String {
        self.lines.iter().map(|l| format!("{} {l}", self.code)).collect::<Vec<_>>().join("\n")
    }
}

async fn read_reply(reader: &mut BufReader<TcpStream>) -> Result<Reply, StartTlsError> {
    let mut lines = Vec::new();
    loop {
        let mut line = Vec::new();
        let read = (&mut *reader).take(MAX_LINE).read_until(b'\n', &mut line).await;
        let read = read.map_err(|e| StartTlsError::Dialogue(format!("the SMTP connection failed: {e}")))?;
        if read == 0 {
            return Err(StartTlsError::Dialogue("the SMTP server closed the connection".into()));
        }
        let line = String::from_utf8_lossy(&line).trim_end_matches(['\r', '\n']).to_owned();
        let code = line.get(..3).and_then(|c| c.parse::<u16>().ok()).filter(|c| (200..600).contains(c));
        let (Some(code), separator) = (code, line.as_bytes().get(3).copied()) else {
            return Err(StartTlsError::Dialogue(format!("the server's reply is not SMTP: `{line}`")));
        };
        lines.push(line.get(4..).unwrap_or("").to_owned());
        match separator {
            Some(b'-') if lines.len() < MAX_LINES => {}
            Some(b'-') => return Err(StartTlsError::Dialogue(format!("the server's reply has more than {MAX_LINES} lines"))),
            _ => return Ok(Reply { code, lines }),
        }
    }
}

async fn command(reader: &mut BufReader<TcpStream>, line: &str) -> Result<Reply, StartTlsError> {
    reader
        .get_mut()
        .write_all(format!("{line}\r\n").as_bytes())
        .await
        .map_err(|e| StartTlsError::Dialogue(format!("the SMTP connection failed: {e}")))?;
    read_reply(reader).await
}

/// The `EHLO` argument: our address literal (RFC 5321 §4.1.3), always a valid form.
fn ehlo_name(stream: &TcpStream) -> String {
    match stream.local_addr().map(|a| a.ip()) {
        Ok(std::net::IpAddr::V4(ip)) => format!("[{ip}]"),
        Ok(std::net::IpAddr::V6(ip)) => format!("[IPv6:{ip}]"),
        Err(_) => "[127.0.0.1]".into(),
    }
}

/// Greeting, `EHLO`, `STARTTLS`: the connection, ready for the client hello.
pub async fn starttls(stream: TcpStream) -> Result<TcpStream, StartTlsError> {
    let ehlo = format!("EHLO {}", ehlo_name(&stream));
    let mut reader = BufReader::new(stream);
    let greeting = read_reply(&mut reader).await?;
    if greeting.code != 220 {
        return Err(StartTlsError::NotOffered(greeting.text()));
    }
    let hello = command(&mut reader, &ehlo).await?;
    let offered = hello.lines.iter().skip(1).any(|l| l.split_whitespace().next().is_some_and(|k| k.eq_ignore_ascii_case("STARTTLS")));
    if hello.code != 250 || !offered {
        let _ = command(&mut reader, "QUIT").await;
        return Err(StartTlsError::NotOffered(hello.text()));
    }
    let start = command(&mut reader, "STARTTLS").await?;
    if start.code != 220 {
        let _ = command(&mut reader, "QUIT").await;
        return Err(StartTlsError::NotOffered(start.text()));
    }
    // Bytes already sent after the 220 would be read as TLS: refuse them (RFC 3207 §5, the
    // STARTTLS command injection).
    if !reader.buffer().is_empty() {
        return Err(StartTlsError::Dialogue("the server sent data after its STARTTLS reply, before TLS".into()));
    }
    Ok(reader.into_inner())
}
