//! spec_openapi.json: build a descriptor (`args`, `from_sample`, `from_sample_list`,
//! `from_spec`), then compare its state and every describing method with the reference.

use ndarray_descriptor::{DynArray, Error, ErrorKind, Limits, NumpyNdarray, json};
use serde_json::Value;

use crate::common::{
    Escaped, Outcome, check_array, check_error, check_object_expect, descriptor, dtype_str_kind,
    is_uncarried_kind, vec_array,
};

/// The describing methods, in the order the file lists them.
const METHODS: [&str; 9] = [
    "to_spec",
    "from_spec_roundtrip",
    "openapi_types",
    "openapi_schema",
    "openapi_example",
    "openapi_components",
    "openapi_request_body",
    "openapi_responses",
    "mime_type",
];

pub fn run(case: &Value) -> Outcome {
    let built = build(case)?;
    if let Some(err) = case.get("error") {
        return match built {
            Err(e) => check_error(err, &e, Escaped::Unprocessable),
            Ok(_) => Err(format!(
                "expected error {}: {}, descriptor was built",
                err["class"], err["message"]
            )),
        };
    }
    let expect = case
        .get("expect")
        .ok_or("case has neither expect nor error")?;
    let state = &expect["state"];
    // README rule 3: a Python list the reference turned into an object array is bad input
    // when decoded here (or a str array when every element is a string).
    if state["sample"]["dtype"].as_str() == Some("object") {
        let sample = built.and_then(|d| {
            d.sample()
                .cloned()
                .ok_or_else(|| Error::internal("descriptor built without its sample"))
        });
        return check_object_expect(&state["sample"], &sample);
    }
    // What the reference stored but cannot use (README rule 1 and its siblings): the crate
    // refuses to build such a descriptor (422).
    let passthrough = !state["dtype_raw"].is_null()
        || ["enforce_dtype", "enforce_shape"]
            .iter()
            .any(|k| !state[*k].is_boolean())
        || !(state["shape"].is_null()
            || state["shape"]
                .as_array()
                .is_some_and(|d| d.iter().all(Value::is_i64)));
    if passthrough {
        return match built {
            Err(e) if e.kind() == ErrorKind::Unprocessable => Ok(()),
            Err(e) => Err(format!(
                "stored-as-is argument: expected unprocessable, got {:?}: {}",
                e.kind(),
                e.message()
            )),
            Ok(_) => {
                Err("stored-as-is argument: expected unprocessable, descriptor was built".into())
            }
        };
    }
    // README rule 2, for dtypes that reach the descriptor through kwargs or a spec.
    if let Some(ds) = state["dtype_str"].as_str()
        && dtype_str_kind(ds).is_some_and(is_uncarried_kind)
    {
        return match built {
            Err(e) if e.kind() == ErrorKind::UnsupportedDtype => Ok(()),
            other => Err(format!(
                "dtype {ds}: expected unsupported dtype, got {:?}",
                other
                    .map(|d| d.dtype())
                    .map_err(|e| e.message().to_string())
            )),
        };
    }
    let desc = built.map_err(|e| {
        format!(
            "expected a descriptor, got error {:?}: {}",
            e.kind(),
            e.message()
        )
    })?;
    check_state(state, &desc)?;
    let method_errors = case.get("method_errors").and_then(Value::as_object);
    for method in METHODS {
        let got = call(&desc, method);
        match method_errors.and_then(|m| m.get(method)) {
            Some(err) => match got {
                Err(e) if err["bentoml"].as_bool() == Some(true) => {
                    check_error(err, &e, Escaped::BadInput)
                        .map_err(|why| format!("{method}: {why}"))?
                }
                // The reference crashed (or could not serialise the value): any typed error.
                Err(e) if e.kind() != ErrorKind::Internal => {}
                Err(e) => return Err(format!("{method}: internal error {}", e.message())),
                Ok(v) => {
                    return Err(format!(
                        "{method}: expected error {}: {}, got {v}",
                        err["class"], err["message"]
                    ));
                }
            },
            None => {
                let want = expect
                    .get(method)
                    .ok_or_else(|| format!("{method}: neither in expect nor in method_errors"))?;
                match got {
                    Ok(v) if &v == want => {}
                    Ok(v) => return Err(format!("{method}: expected {want}, got {v}")),
                    Err(e) => {
                        return Err(format!(
                            "{method}: expected {want}, got error {:?}: {}",
                            e.kind(),
                            e.message()
                        ));
                    }
                }
            }
        }
    }
    Ok(())
}

/// Build the case's descriptor; `Err(String)` when the case cannot be run at all.
fn build(case: &Value) -> Result<Result<NumpyNdarray, Error>, String> {
    match case["build"].as_str() {
        Some("args") => Ok(descriptor(&case["descriptor"])),
        Some("from_spec") => Ok(NumpyNdarray::from_spec(&case["spec"])),
        Some("from_sample") => {
            let sample = vec_array(&case["sample"])?;
            Ok(from_sample(&case["kwargs"], sample))
        }
        Some("from_sample_list") => {
            // The crate's counterpart of a Python-list sample: the list as a JSON request body,
            // decoded without a descriptor (numpy's own inference, as `np.array(sample)`).
            let body = serde_json::to_vec(&case["sample_json"]).map_err(|e| e.to_string())?;
            Ok(json::decode(&body, None, &Limits::default())
                .and_then(|sample| from_sample(&case["kwargs"], sample)))
        }
        other => Err(format!("unknown build {other:?}")),
    }
}

/// `NumpyNdarray.from_sample(sample, **kwargs)`.
fn from_sample(kwargs: &Value, sample: DynArray) -> Result<NumpyNdarray, Error> {
    let mut b = NumpyNdarray::builder().sample(sample);
    if let Some(dt) = kwargs["dtype"].as_str() {
        b = b.dtype_str(dt);
    }
    if let Some(shape) = kwargs["shape"].as_array() {
        b = b.shape(shape.iter().filter_map(Value::as_i64).collect::<Vec<_>>());
    }
    b.enforce_dtype(kwargs["enforce_dtype"].as_bool().unwrap_or(false))
        .enforce_shape(kwargs["enforce_shape"].as_bool().unwrap_or(false))
        .build()
}

fn check_state(state: &Value, desc: &NumpyNdarray) -> Outcome {
    let got_shape = desc
        .shape()
        .map(|s| Value::from(s.dims().to_vec()))
        .unwrap_or(Value::Null);
    let checks: [(&str, Value); 5] = [
        ("dtype_name", desc.dtype().map(|d| d.name()).into()),
        ("dtype_str", desc.dtype().map(|d| d.str()).into()),
        ("shape", got_shape),
        ("enforce_dtype", desc.enforce_dtype().into()),
        ("enforce_shape", desc.enforce_shape().into()),
    ];
    for (key, got) in checks {
        if state[key] != got {
            return Err(format!("state.{key}: expected {}, got {got}", state[key]));
        }
    }
    match (&state["sample"], desc.sample()) {
        (Value::Null, None) => Ok(()),
        (Value::Null, Some(s)) => Err(format!("state.sample: expected none, got {s:?}")),
        (_, None) => Err("state.sample: expected a sample, got none".into()),
        (want, Some(got)) => check_array(want, got).map_err(|why| format!("state.sample: {why}")),
    }
}

fn call(desc: &NumpyNdarray, method: &str) -> Result<Value, Error> {
    Ok(match method {
        "to_spec" => desc.to_spec(),
        "from_spec_roundtrip" => NumpyNdarray::from_spec(&desc.to_spec())?.to_spec(),
        "openapi_types" => desc.openapi_types().into(),
        "openapi_schema" => desc.openapi_schema(),
        "openapi_example" => desc.openapi_example()?.unwrap_or(Value::Null),
        "openapi_components" => desc.openapi_components().unwrap_or(Value::Null),
        "openapi_request_body" => desc.openapi_request_body()?,
        "openapi_responses" => desc.openapi_responses()?,
        "mime_type" => desc.mime_type().into(),
        other => return Err(Error::internal(format!("unknown method {other}"))),
    })
}
