//! The request extractor: [`Input`] picks the request's formats, reads its body under the
//! guards and has [`Api::decode`] decode and validate it.

use std::future::Future;
use std::pin::Pin;
use std::task::Poll;

use axum::body::Body;
use axum::extract::{FromRef, FromRequest, Request};
use axum::http::{HeaderMap, header};

use super::negotiate::request_formats;
use super::trace::Trace;
use super::{Api, HttpError, Output, Reply};
use crate::array::DynArray;
use crate::error::{Error, Result};
use crate::guard::{Guards, Reservation};
use crate::limits::Limits;

/// Extractor: the request's array, decoded by `Content-Type` and validated against the
/// [`Api`]'s input descriptor, plus the [`Reply`] that answers in the format `Accept` asks for.
///
/// The handler's state must give the [`Api`] (`Api: FromRef<S>`); the rejection is an
/// [`HttpError`].
#[derive(Debug)]
pub struct Input {
    array: DynArray,
    reply: Reply,
}

impl<S> FromRequest<S> for Input
where
    S: Send + Sync,
    Api: FromRef<S>,
{
    type Rejection = HttpError;

    async fn from_request(req: Request, state: &S) -> std::result::Result<Self, Self::Rejection> {
        let api = Api::from_ref(state);
        let (parts, body) = req.into_parts();
        let (format, accept) = request_formats(&parts.headers)?;
        let trace = Trace::start(&parts.headers, format);
        let guards = api.guards();
        let mut held = guards.budget().reserve(0)?;
        let body = read_body(body, &parts.headers, api.limits(), guards, &mut held)
            .await
            .inspect_err(|e| guards.note(e))?;
        Input::from_body(api, &parts.headers, (format, accept), trace, body, held)
    }
}

impl Input {
    /// The extractor's work once the body is read (and counted in `held`): decode it by
    /// `formats.0`, validate it, and keep it counted until the answer in `formats.1` is written.
    /// A route that has read the body itself (one serving both request styles) enters here.
    pub(super) fn from_body(
        api: Api,
        headers: &HeaderMap,
        (format, accept): (super::Format, super::Format),
        mut trace: Option<Trace>,
        body: axum::body::Bytes,
        mut held: Reservation,
    ) -> std::result::Result<Input, HttpError> {
        let array = api.decode(format, headers, &body)?;
        api.guards().decoded(format.metric_label(), &array);
        if let Some(t) = &mut trace {
            t.decoded(&array);
        }
        held.hold_decoded(body.len(), &array)?;
        drop(body);
        Ok(Input {
            array,
            reply: Reply::holding(api, accept, held, trace),
        })
    }
}

/// Read the whole body under the guards: a declared `Content-Length` is checked against
/// `max_body_bytes` and reserved in the budget before a byte is read; every frame then counts
/// against both as it arrives, and each must come before [`Guards`]' body deadlines.
pub(super) async fn read_body(
    mut body: Body,
    headers: &HeaderMap,
    limits: &Limits,
    guards: &Guards,
    held: &mut Reservation,
) -> Result<axum::body::Bytes> {
    use http_body::Body as _;
    let limit = limits.max_body_bytes;
    let too_big =
        || Error::limit_exceeded(format!("request body exceeds the limit of {limit} bytes"));
    let declared = match headers.get(header::CONTENT_LENGTH) {
        None => None,
        Some(v) => Some(
            v.to_str()
                .ok()
                .and_then(|t| t.trim().parse::<usize>().ok())
                .ok_or_else(|| Error::bad_input("invalid Content-Length header"))?,
        ),
    };
    if let Some(n) = declared {
        if n > limit {
            return Err(too_big());
        }
        held.resize(n)?;
    }
    let config = guards.config();
    let start = tokio::time::Instant::now();
    // The first frame is kept as it came: most bodies arrive whole, and are then not copied.
    let mut first: Option<axum::body::Bytes> = None;
    let mut rest: Vec<u8> = Vec::new();
    let mut received = 0usize;
    loop {
        let mut frame = std::pin::pin!(std::future::poll_fn(|cx| {
            Pin::new(&mut body).poll_frame(cx)
        }));
        // A frame already here needs no timer: most bodies arrive with their head, and arming
        // one per request costs a few percent of one-row throughput.
        let ready = std::future::poll_fn(|cx| Poll::Ready(frame.as_mut().poll(cx))).await;
        let frame = match ready {
            Poll::Ready(f) => Ok(f),
            Poll::Pending => {
                let (deadline, by_rate) =
                    crate::guard::next_frame_deadline(config, start, received);
                tokio::time::timeout_at(deadline, frame)
                    .await
                    .map_err(|_| crate::guard::body_timeout(config, received, by_rate))
            }
        };
        let frame = match frame? {
            None => break,
            Some(Err(e)) => {
                return Err(Error::bad_input(format!(
                    "failed to read the request body: {e}"
                )));
            }
            Some(Ok(frame)) => frame,
        };
        let Ok(data) = frame.into_data() else {
            continue; // trailers
        };
        let total = received.checked_add(data.len()).filter(|&t| t <= limit);
        let total = total.ok_or_else(too_big)?;
        if total > held.bytes() {
            held.resize(total)?;
        }
        received = total;
        match first.take() {
            None if rest.is_empty() => first = Some(data),
            taken => {
                if let Some(f) = taken {
                    grow(&mut rest, f.len() + data.len(), declared);
                    rest.extend_from_slice(&f);
                }
                grow(&mut rest, data.len(), declared);
                rest.extend_from_slice(&data);
            }
        }
    }
    Ok(first.unwrap_or_else(|| rest.into()))
}

/// Room for `more` bytes, doubling but never past a declared length the body keeps to (its
/// bytes are already reserved), so the buffer holds no more than the budget counts.
fn grow(buf: &mut Vec<u8>, more: usize, declared: Option<usize>) {
    let need = buf.len() + more;
    if need <= buf.capacity() {
        return;
    }
    let mut cap = need.max(buf.capacity() * 2);
    if let Some(d) = declared.filter(|&d| need <= d) {
        cap = cap.min(d);
    }
    buf.reserve_exact(cap - buf.len());
}

impl Input {
    /// The validated array.
    pub fn array(&self) -> &DynArray {
        &self.array
    }

    /// The array and the reply handle.
    pub fn into_parts(self) -> (DynArray, Reply) {
        (self.array, self.reply)
    }

    /// Answer with `arr` (see [`Reply::respond`]).
    pub fn respond(self, arr: impl Into<DynArray>) -> Output {
        self.reply.respond(arr)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_buffer_grows_to_the_declared_length_and_no_further() {
        let mut buf = Vec::new();
        grow(&mut buf, 10, Some(25));
        buf.extend_from_slice(&[0; 10]);
        grow(&mut buf, 15, Some(25));
        assert_eq!(buf.capacity(), 25);
        // An undeclared body doubles.
        let mut buf = vec![0u8; 16];
        grow(&mut buf, 1, None);
        assert_eq!(buf.capacity(), 32);
    }
}
