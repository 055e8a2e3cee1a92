//! The OpenAPI document a [`Service`](super::Service) serves at `/docs.json`.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::{Api, JSON};
use crate::error::Result;

/// The document of a service `name` with description `doc` (default: BentoML's generated README
/// table) serving `apis`.
pub(super) fn document<'a>(
    name: &str,
    doc: Option<&str>,
    apis: impl Iterator<Item = &'a Api> + Clone,
) -> Result<Value> {
    let mut paths = Map::new();
    #[cfg(feature = "metrics")]
    let infra = INFRA.iter().chain([&METRICS_PATH]);
    #[cfg(not(feature = "metrics"))]
    let infra = INFRA.iter();
    for (path, description) in infra {
        paths.insert(
            path.to_string(),
            json!({"get": {
                "responses": {"200": {"description": "Successful Response"}},
                "tags": ["Infrastructure"],
                "description": description,
            }}),
        );
    }
    let mut current = BTreeMap::new();
    for api in apis.clone() {
        let mut responses = Map::new();
        let mut errors = Map::new();
        for (code, title, description) in ERRORS {
            errors.insert(
                code.to_string(),
                json!({"description": description, "content": {JSON: {"schema": {
                    "$ref": format!("#/components/schemas/{title}")}}}}),
            );
        }
        if !api.has_legacy() {
            // BentoML's current services: the object of the tensor fields.
            let (op, component) = super::tensor::docs_entry(api, name, Value::Object(errors));
            paths.insert(api.route().to_string(), op);
            current.insert(format!("{}__Input", api.name()), component);
            continue;
        }
        responses.insert("200".into(), api.output().openapi_responses()?);
        responses.extend(errors);
        paths.insert(
            api.route().to_string(),
            json!({"post": {
                "responses": responses,
                "tags": ["Service APIs"],
                "consumes": [api.input().mime_type()],
                "produces": [api.output().mime_type()],
                "x-bentoml-name": api.name(),
                "summary": "InferenceAPI(NumpyNdarray \u{2192} NumpyNdarray)",
                "description": api.inner.doc,
                "requestBody": api.input().openapi_request_body()?,
                "operationId": format!("{name}__{}", api.name()),
            }}),
        );
    }
    let mut schemas: BTreeMap<String, Value> = ERRORS
        .iter()
        .map(|(_, title, description)| {
            (
                title.to_string(),
                json!({
                    "type": "object",
                    "title": title,
                    "required": ["error"],
                    "properties": {
                        "error": {"type": "string", "title": "Message"},
                        "detail": {"type": "string", "title": "Error Detail"},
                    },
                    "description": description,
                }),
            )
        })
        .collect();
    if !current.is_empty() {
        schemas.extend(current);
        schemas.insert(
            "TaskStatusResponse".into(),
            super::tensor::task_status_component(),
        );
    }
    Ok(json!({
        "openapi": "3.0.2",
        "info": {
            "title": name,
            "version": "None",
            "description": doc.map_or_else(|| default_doc(name, apis), str::to_string),
            "contact": {"name": "BentoML Team", "email": "contact@bentoml.com"},
        },
        "paths": paths,
        "servers": [{"url": "."}],
        "tags": [
            {"name": "Service APIs", "description": "BentoML Service API endpoints for inference."},
            {"name": "Infrastructure", "description": "Common infrastructure endpoints for observability."},
        ],
        "components": {"schemas": schemas},
    }))
}

/// BentoML's generated README table of APIs.
fn default_doc<'a>(name: &str, apis: impl Iterator<Item = &'a Api>) -> String {
    let mut doc = format!(
        "# {name}\n\nThis is a Machine Learning Service created with BentoML.\n\
         | InferenceAPI | Input | Output |\n| ------------ | ----- | ------ |\n"
    );
    for api in apis {
        doc.push_str(&format!(
            "| POST [`{}`](#operations-Service_APIs-{name}__{}) | NumpyNdarray | NumpyNdarray |\n",
            api.route(),
            api.name()
        ));
    }
    doc
}

/// Where a [`Service`](super::Service) serves the document.
pub(super) const DOCS_PATH: &str = "/docs.json";

/// BentoML's infrastructure endpoints and their OpenAPI descriptions (`INFRA_DECRIPTION`).
pub(super) const INFRA: [(&str, &str); 3] = [
    (
        "/healthz",
        "Health check endpoint. Expecting an empty response with status code <code>200</code> when the service is in health state. The <code>/healthz</code> endpoint is <b>deprecated</b>. (since Kubernetes v1.16)",
    ),
    (
        "/livez",
        "Health check endpoint for Kubernetes. Healthy endpoint responses with a <code>200</code> OK status.",
    ),
    (
        "/readyz",
        "A <code>200</code> OK status from <code>/readyz</code> endpoint indicated the service is ready to accept traffic. From that point and onward, Kubernetes will use <code>/livez</code> endpoint to perform periodic health checks.",
    ),
];

/// BentoML's `/metrics` entry, listed when it is served (feature `metrics`).
#[cfg(feature = "metrics")]
const METRICS_PATH: (&str, &str) = (
    "/metrics",
    "Prometheus metrics endpoint. The <code>/metrics</code> responses with a <code>200</code>. The output can then be used by a Prometheus sidecar to scrape the metrics of the service.",
);

/// The error responses BentoML lists on every API: status, schema title, description.
const ERRORS: [(u16, &str, &str); 3] = [
    (400, "InvalidArgument", "Bad Request"),
    (404, "NotFound", "Not Found"),
    (500, "InternalServerError", "Internal Server Error"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::{Service, f32_desc};
    use crate::{DynArray, NumpyNdarray};

    #[test]
    fn openapi_lists_apis_and_probes() {
        let api = Api::new("classify", f32_desc(), NumpyNdarray::new());
        let svc = Service::new("svc").api(api, |x: DynArray| async move { Ok(x) });
        let doc = svc.openapi().unwrap();
        let op = &doc["paths"]["/classify"]["post"];
        assert_eq!(op["operationId"], "svc__classify");
        assert_eq!(
            op["requestBody"]["x-bentoml-io-descriptor"]["args"]["shape"],
            json!([-1, 2])
        );
        assert_eq!(
            op["responses"]["400"]["content"][JSON]["schema"]["$ref"],
            "#/components/schemas/InvalidArgument"
        );
        assert!(doc["paths"]["/readyz"]["get"].is_object());
    }
}
