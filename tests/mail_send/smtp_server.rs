//! A real SMTP server on loopback, started by the test itself (mailin-embedded), that keeps
//! every message it accepts and can refuse one recipient, as a mail server refuses an address
//! it does not know.

use mailin_embedded::{Handler, Response, Server, response};
use std::net::{IpAddr, TcpListener};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One message as the server accepted it: the envelope's recipients and the raw message.
#[derive(Debug, Clone)]
pub struct Received {
    pub to: Vec<String>,
    pub data: Vec<u8>,
}

#[derive(Clone)]
struct Keeper {
    received: Arc<Mutex<Vec<Received>>>,
    refuse: Option<String>,
    current: Received,
    /// How long the server takes over each message, as a busy server does.
    delay: Duration,
}

impl Handler for Keeper {
    fn helo(&mut self, _ip: IpAddr, _domain: &str) -> Response {
        response::OK
    }

    fn rcpt(&mut self, to: &str) -> Response {
        if self
            .refuse
            .as_deref()
            .is_some_and(|r| r.eq_ignore_ascii_case(to))
        {
            response::NO_MAILBOX
        } else {
            response::OK
        }
    }

    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.current = Received {
            to: to.to_vec(),
            data: Vec::new(),
        };
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.current.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        std::thread::sleep(self.delay);
        let done = std::mem::replace(
            &mut self.current,
            Received {
                to: Vec::new(),
                data: Vec::new(),
            },
        );
        self.received.lock().unwrap().push(done);
        response::OK
    }
}

/// A running server: its port and what it has accepted so far.
pub struct SmtpServer {
    pub port: u16,
    received: Arc<Mutex<Vec<Received>>>,
}

impl SmtpServer {
    /// Starts a server on a free loopback port, refusing `refuse` (an address) if given. It
    /// runs until the test process ends.
    pub fn start(refuse: Option<&str>) -> SmtpServer {
        SmtpServer::start_taking(refuse, Duration::ZERO)
    }

    /// Starts a server that takes `delay` over each message before accepting it.
    #[allow(dead_code)] // not every test binary that includes this file uses it
    pub fn start_taking(refuse: Option<&str>, delay: Duration) -> SmtpServer {
        SmtpServer::start_with(refuse, delay, None)
    }

    /// Starts a server that offers STARTTLS with the certificate `cert` and its key `key`
    /// (PEM files).
    #[allow(dead_code)] // not every test binary that includes this file uses it
    pub fn start_tls(cert: &std::path::Path, key: &std::path::Path) -> SmtpServer {
        // Once per test process; a second call finds one chosen already.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let ssl = mailin_embedded::SslConfig::SelfSigned {
            cert_path: cert.display().to_string(),
            key_path: key.display().to_string(),
        };
        SmtpServer::start_with(None, Duration::ZERO, Some(ssl))
    }

    fn start_with(
        refuse: Option<&str>,
        delay: Duration,
        ssl: Option<mailin_embedded::SslConfig>,
    ) -> SmtpServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let keeper = Keeper {
            received: Arc::clone(&received),
            refuse: refuse.map(str::to_string),
            current: Received {
                to: Vec::new(),
                data: Vec::new(),
            },
            delay,
        };
        let mut server = Server::new(keeper);
        server
            .with_name("mail.test.example")
            .with_num_threads(4)
            .with_tcp_listener(listener);
        if let Some(ssl) = ssl {
            server.with_ssl(ssl).expect("the test certificate loads");
        }
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        SmtpServer { port, received }
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

/// A loopback port nothing listens on (bound, then let go).
pub fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}
