//! Cross-origin resource sharing: [`Cors`].

use std::time::Duration;

use axum::http::{HeaderName, HeaderValue, Method, header};
use tower_http::cors::{AllowOrigin, CorsLayer};

use super::negotiate::{BYTEORDER_HEADER, DTYPE_HEADER, SHAPE_HEADER};
use crate::error::{Error, Result};

/// Cross-origin resource sharing for pages on other origins: which origins may call the
/// service, answered with the headers a browser needs before it lets a script send an array and
/// read the answer.
///
/// - Preflight (`OPTIONS` with `Access-Control-Request-Method`) is answered for `GET` and `POST`
///   with the request headers `Content-Type`, `Accept` and the three `X-Numpy-*` headers (an
///   octet-stream POST with its dtype and shape is never a "simple" request).
/// - Every answer, errors included, carries `Access-Control-Allow-Origin` for an allowed origin
///   and `Access-Control-Expose-Headers: x-numpy-dtype, x-numpy-shape, x-numpy-byteorder`;
///   without that header a script sees none of the three.
/// - No credentials: the APIs take no cookies, so `*` is a valid choice.
///
/// ```
/// use ndarray_descriptor::http::Cors;
/// let any = Cors::any();
/// let two = Cors::origins(["https://app.example.com", "http://localhost:8080"])?;
/// let from_flag = Cors::parse("https://app.example.com, http://localhost:8080")?;
/// let layer = two.layer(); // for a router that is not a `Service`: `router.layer(layer)`
/// # Ok::<_, ndarray_descriptor::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Cors {
    /// Exact origins; `None` is any origin (`*`).
    origins: Option<Vec<HeaderValue>>,
    max_age: Duration,
}

impl Cors {
    /// Any origin may call (`Access-Control-Allow-Origin: *`).
    pub fn any() -> Cors {
        Cors {
            origins: None,
            max_age: Duration::from_secs(600),
        }
    }

    /// Only these origins may call (`scheme://host[:port]`, as a browser sends `Origin`); the
    /// matching one is echoed back, with `Vary: Origin`.
    ///
    /// # Errors
    /// Invalid argument for an empty list, `*` among others, or an entry that is not an origin
    /// (no `scheme://`, a path or trailing `/`, spaces or non-ASCII text): a browser's `Origin`
    /// header never matches such an entry, so it would silently allow nothing.
    pub fn origins<I, S>(origins: I) -> Result<Cors>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let origins = origins
            .into_iter()
            .map(|o| parse_origin(o.as_ref()))
            .collect::<Result<Vec<_>>>()?;
        if origins.is_empty() {
            return Err(Error::invalid_argument(
                "CORS needs at least one origin (or `*` for any)",
            ));
        }
        Ok(Cors {
            origins: Some(origins),
            ..Cors::any()
        })
    }

    /// `*` for any origin, else origins separated by commas (for a flag or an environment
    /// variable).
    ///
    /// # Errors
    /// As [`Cors::origins`].
    pub fn parse(spec: &str) -> Result<Cors> {
        if spec.trim() == "*" {
            return Ok(Cors::any());
        }
        Cors::origins(spec.split(',').map(str::trim).filter(|o| !o.is_empty()))
    }

    /// How long a browser may cache a preflight answer (`Access-Control-Max-Age`; default 600 s).
    pub fn with_max_age(mut self, max_age: Duration) -> Cors {
        self.max_age = max_age;
        self
    }

    /// The allowed origins; `None` when any origin is.
    pub fn allowed_origins(&self) -> Option<Vec<&str>> {
        self.origins
            .as_ref()
            .map(|list| list.iter().filter_map(|o| o.to_str().ok()).collect())
    }

    /// The tower layer that answers preflights and adds the headers (tower-http's `CorsLayer`).
    pub fn layer(&self) -> CorsLayer {
        let numpy = [DTYPE_HEADER, SHAPE_HEADER, BYTEORDER_HEADER].map(HeaderName::from_static);
        let origin = match &self.origins {
            None => AllowOrigin::any(),
            Some(list) => AllowOrigin::list(list.iter().cloned()),
        };
        CorsLayer::new()
            .allow_origin(origin)
            .allow_methods([Method::GET, Method::POST])
            .allow_headers(
                [header::CONTENT_TYPE, header::ACCEPT]
                    .into_iter()
                    .chain(numpy.iter().cloned())
                    .collect::<Vec<_>>(),
            )
            .expose_headers(numpy.to_vec())
            .max_age(self.max_age)
    }
}

/// One `Origin` value: `scheme://host[:port]`, nothing after the authority.
fn parse_origin(text: &str) -> Result<HeaderValue> {
    let bad = |why: &str| {
        Error::invalid_argument(format!(
            "invalid CORS origin {text:?}: {why} (expected scheme://host[:port], e.g. \
             http://localhost:8080, or `*` alone for any origin)"
        ))
    };
    if text == "*" {
        return Err(bad("`*` cannot be listed with other origins"));
    }
    let Some((scheme, authority)) = text.split_once("://") else {
        return Err(bad("no scheme"));
    };
    if scheme.is_empty() || authority.is_empty() {
        return Err(bad("no scheme or host"));
    }
    if authority.contains('/') {
        return Err(bad("an origin has no path, not even a trailing /"));
    }
    if !text.is_ascii()
        || text
            .chars()
            .any(|c| c.is_ascii_whitespace() || c.is_ascii_control())
    {
        return Err(bad("spaces or non-ASCII text"));
    }
    HeaderValue::from_str(text).map_err(|_| bad("not a header value"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cors_origins_are_checked() {
        assert_eq!(Cors::parse("*").unwrap().allowed_origins(), None);
        let cors = Cors::parse(" https://a.example, http://localhost:8080 ,").unwrap();
        assert_eq!(
            cors.allowed_origins(),
            Some(vec!["https://a.example", "http://localhost:8080"])
        );
        for (bad, why) in [
            ("", "at least one origin"),
            ("https://a.example/", "no path"),
            ("a.example", "no scheme"),
            ("https://", "no scheme or host"),
            ("https://a.example, *", "cannot be listed"),
            ("https://a b", "spaces"),
            ("https://é.example", "non-ASCII"),
        ] {
            let err = Cors::parse(bad).unwrap_err();
            assert_eq!(err.kind(), crate::ErrorKind::InvalidArgument, "{bad}");
            assert!(err.message().contains(why), "{bad}: {}", err.message());
        }
    }
}
