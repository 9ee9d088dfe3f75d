//! The API's error answers: `{"error": {"type", "message", "stack", ["validation_errors"]},
//! "ok": false}`.

use serde_json::{json, Value};

use crate::http::Response;
use crate::validate::Invalid;

pub struct ApiError {
    status: u16,
    error_type: String,
    message: String,
    validation_errors: Option<Value>,
}

impl ApiError {
    pub fn new(status: u16, error_type: &str, message: &str) -> ApiError {
        ApiError {
            status,
            error_type: error_type.to_owned(),
            message: message.to_owned(),
            validation_errors: None,
        }
    }

    /// Typed per object, as the vendor's fake does: `acs_user_not_found`, "acs_user not found".
    pub fn not_found(object: &str) -> ApiError {
        ApiError::new(
            404,
            &format!("{object}_not_found"),
            &format!("{object} not found"),
        )
    }

    /// The `stack` mimics the vendor's fake: clients must ignore it.
    pub fn response(&self) -> Response {
        let mut error = json!({
            "type": self.error_type,
            "message": self.message,
            "stack": format!("Error: {}\n    at fake-seam", self.message),
        });
        if let (Some(errors), Some(fields)) = (&self.validation_errors, error.as_object_mut()) {
            fields.insert("validation_errors".to_owned(), errors.clone());
        }
        Response::json(self.status, &json!({ "error": error, "ok": false }))
    }
}

impl From<Invalid> for ApiError {
    fn from(invalid: Invalid) -> ApiError {
        ApiError {
            validation_errors: Some(invalid.validation_errors),
            ..ApiError::new(400, "invalid_input", &invalid.message)
        }
    }
}
