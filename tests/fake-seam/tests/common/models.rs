//! The API's model schemas (`generator/api/facts.json`): which fields each object must carry.

use serde_json::Value;

const FACTS_JSON: &str = include_str!("../../../../generator/api/facts.json");

/// The model schemas of facts.json: which fields each object must carry.
pub struct Models(Value);

impl Models {
    pub fn load() -> Models {
        let facts: Value = serde_json::from_str(FACTS_JSON).unwrap();
        Models(facts["models"].clone())
    }

    fn required(schema: &Value) -> Vec<&str> {
        schema["properties"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| p["required"] == true)
            .map(|p| p["name"].as_str().unwrap())
            .collect()
    }

    /// `member` of an answer: one object or a list of them, of the model it names.
    pub fn check(&self, member: &str, value: &Value, context: &str) {
        let model = match member {
            "pagination" | "batch" => return,
            "acs_entrances" => "acs_entrance",
            "acs_access_groups" => "acs_access_group",
            "user_identities" => "user_identity",
            plural if plural.ends_with('s') && value.is_array() => &plural[..plural.len() - 1],
            single => single,
        };
        let objects: Vec<&Value> = match value {
            Value::Array(items) => items.iter().collect(),
            object => vec![object],
        };
        let schema = &self.0[model];
        assert!(!schema.is_null(), "no model {model} ({context})");
        for object in objects {
            let required = match model {
                // A union: the variant of the event's own type.
                "event" => schema["one_of"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|v| {
                        v["properties"].as_array().unwrap().iter().any(|p| {
                            p["name"] == "event_type"
                                && p["schema"]["enum"][0] == object["event_type"]
                        })
                    })
                    .map(Models::required)
                    .unwrap_or_else(|| panic!("{} is not an event type", object["event_type"])),
                "action_attempt" => vec![
                    "action_attempt_id",
                    "action_type",
                    "status",
                    "result",
                    "error",
                ],
                _ => Models::required(schema),
            };
            for field in required {
                assert!(
                    object.get(field).is_some(),
                    "{model}.{field} missing in {object} ({context})"
                );
            }
        }
    }
}
