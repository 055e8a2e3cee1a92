//! The crate's one error type, classified the way BentoML classifies its exceptions.

use std::fmt;

/// What kind of failure an [`Error`] is; each kind maps to one HTTP status and one gRPC code.
///
/// BentoML raises `BadInput` (400), `InvalidArgument` (400) and `UnprocessableEntity` (422); a
/// numpy error escaping the reference becomes a 500 there, and a typed [`ErrorKind::BadInput`]
/// here.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The client sent something the descriptor cannot accept (BentoML `BadInput`, HTTP 400).
    BadInput,
    /// An argument is not valid, e.g. a spec without `args` (BentoML `InvalidArgument`, HTTP 400).
    InvalidArgument,
    /// The descriptor cannot be built, e.g. an invalid dtype spelling (BentoML
    /// `UnprocessableEntity`, HTTP 422).
    Unprocessable,
    /// A valid numpy dtype this crate does not carry (complex, object, bytes, datetime, void).
    UnsupportedDtype,
    /// A configured limit (body bytes, elements, depth, ndim) was exceeded (HTTP 400).
    LimitExceeded,
    /// A bug or an environment failure, never the client's fault (HTTP 500).
    Internal,
    /// The server's in-flight byte budget cannot take the request now (HTTP 503 with
    /// `Retry-After`, gRPC `RESOURCE_EXHAUSTED`); the same request may succeed later.
    ResourceExhausted,
    /// The server sheds the request: the model's wait queue is full or its queue deadline
    /// passed, or the server is draining (HTTP 503 with `Retry-After`, gRPC `UNAVAILABLE`).
    Unavailable,
    /// The client was too slow: its request body stalled or arrived below the minimum rate
    /// (HTTP 408, gRPC `DEADLINE_EXCEEDED`).
    Timeout,
    /// The request names something the server does not have, e.g. an unknown model of the
    /// Open Inference Protocol (HTTP 404, gRPC `NOT_FOUND`).
    NotFound,
}

impl ErrorKind {
    /// The HTTP status BentoML answers with for this kind of error.
    pub fn http_status(self) -> u16 {
        match self {
            ErrorKind::BadInput | ErrorKind::InvalidArgument | ErrorKind::LimitExceeded => 400,
            ErrorKind::UnsupportedDtype => 400,
            ErrorKind::Unprocessable => 422,
            ErrorKind::Internal => 500,
            ErrorKind::ResourceExhausted | ErrorKind::Unavailable => 503,
            ErrorKind::Timeout => 408,
            ErrorKind::NotFound => 404,
        }
    }

    /// The gRPC status code name BentoML's status table maps this kind to.
    pub fn grpc_code_name(self) -> &'static str {
        match self {
            ErrorKind::BadInput
            | ErrorKind::InvalidArgument
            | ErrorKind::LimitExceeded
            | ErrorKind::UnsupportedDtype => "INVALID_ARGUMENT",
            ErrorKind::Unprocessable => "FAILED_PRECONDITION",
            ErrorKind::Internal => "INTERNAL",
            ErrorKind::ResourceExhausted => "RESOURCE_EXHAUSTED",
            ErrorKind::Unavailable => "UNAVAILABLE",
            ErrorKind::Timeout => "DEADLINE_EXCEEDED",
            ErrorKind::NotFound => "NOT_FOUND",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ErrorKind::BadInput => "bad input",
            ErrorKind::InvalidArgument => "invalid argument",
            ErrorKind::Unprocessable => "unprocessable",
            ErrorKind::UnsupportedDtype => "unsupported dtype",
            ErrorKind::LimitExceeded => "limit exceeded",
            ErrorKind::Internal => "internal error",
            ErrorKind::ResourceExhausted => "resource exhausted",
            ErrorKind::Unavailable => "unavailable",
            ErrorKind::Timeout => "timeout",
            ErrorKind::NotFound => "not found",
        })
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{message}")]
struct Repr {
    kind: ErrorKind,
    message: String,
}

/// The crate's error: a kind (see [`ErrorKind`]) and a message that carries what BentoML's
/// message carries (expected vs received dtype or shape) plus where the problem is.
///
/// ```
/// use ndarray_descriptor::{DType, ErrorKind};
/// let err = DType::parse("float33").unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Unprocessable);
/// assert_eq!(err.http_status(), 422);
/// assert_eq!(err.message(), "Invalid dtype \"float33\": data type 'float33' not understood");
/// ```
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct Error(Box<Repr>);

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error of `kind` with `message`.
    #[cold]
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error(Box::new(Repr {
            kind,
            message: message.into(),
        }))
    }

    /// A bad-input error (HTTP 400).
    #[cold]
    pub fn bad_input(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::BadInput, message)
    }

    /// An invalid-argument error (HTTP 400).
    #[cold]
    pub fn invalid_argument(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidArgument, message)
    }

    /// An unprocessable error (HTTP 422).
    #[cold]
    pub fn unprocessable(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Unprocessable, message)
    }

    /// An "unsupported dtype" error.
    #[cold]
    pub fn unsupported_dtype(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::UnsupportedDtype, message)
    }

    /// A limit-exceeded error (HTTP 400).
    #[cold]
    pub fn limit_exceeded(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::LimitExceeded, message)
    }

    /// An internal error (HTTP 500).
    #[cold]
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, message)
    }

    /// A resource-exhausted error (HTTP 503, gRPC `RESOURCE_EXHAUSTED`).
    #[cold]
    pub fn resource_exhausted(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::ResourceExhausted, message)
    }

    /// An unavailable error (HTTP 503, gRPC `UNAVAILABLE`).
    #[cold]
    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Unavailable, message)
    }

    /// A timeout error (HTTP 408, gRPC `DEADLINE_EXCEEDED`).
    #[cold]
    pub fn timeout(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Timeout, message)
    }

    /// A not-found error (HTTP 404, gRPC `NOT_FOUND`): an unknown model.
    #[cold]
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::NotFound, message)
    }

    /// Whether the client may retry the same request later (the 503 kinds): answered with
    /// `Retry-After` over HTTP.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self.0.kind,
            ErrorKind::ResourceExhausted | ErrorKind::Unavailable
        )
    }

    /// The kind of error.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// The message, as BentoML words it where BentoML has one.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The HTTP status for this error (derived from the kind alone).
    pub fn http_status(&self) -> u16 {
        self.0.kind.http_status()
    }

    /// Whether this error is the client's fault (any 4xx).
    pub fn is_client_error(&self) -> bool {
        (400..500).contains(&self.http_status())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_follow_kinds() {
        assert_eq!(Error::bad_input("x").http_status(), 400);
        assert_eq!(Error::invalid_argument("x").http_status(), 400);
        assert_eq!(Error::unprocessable("x").http_status(), 422);
        assert_eq!(Error::limit_exceeded("x").http_status(), 400);
        assert_eq!(Error::internal("x").http_status(), 500);
        assert!(!Error::internal("x").is_client_error());
        assert_eq!(Error::bad_input("boom").to_string(), "boom");
        assert_eq!(ErrorKind::BadInput.grpc_code_name(), "INVALID_ARGUMENT");
        assert_eq!(Error::resource_exhausted("x").http_status(), 503);
        assert_eq!(Error::unavailable("x").http_status(), 503);
        assert_eq!(Error::timeout("x").http_status(), 408);
        assert!(Error::unavailable("x").is_retryable());
        assert!(!Error::timeout("x").is_retryable());
        assert_eq!(
            ErrorKind::ResourceExhausted.grpc_code_name(),
            "RESOURCE_EXHAUSTED"
        );
        assert_eq!(Error::not_found("x").http_status(), 404);
        assert!(Error::not_found("x").is_client_error());
        assert_eq!(ErrorKind::NotFound.grpc_code_name(), "NOT_FOUND");
    }
}
