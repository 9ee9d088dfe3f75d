use crate::http::Request;
use crate::seed::Seed;

/// Personal access tokens start like this; API keys merely with `seam_`.
const PAT_PREFIX: &str = "seam_at";

/// The workspace the request acts in, or the message of a 401.
pub fn authenticate(seed: &Seed, request: &Request) -> Result<String, &'static str> {
    let header = request
        .header("authorization")
        .ok_or("No Authorization header")?;
    let token = header
        .split_once(' ')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .ok_or("Authorization header must be \"Bearer <token>\"")?;

    if token.starts_with(PAT_PREFIX) {
        let pat = seed
            .personal_access_tokens
            .iter()
            .find(|p| p.token == token)
            .ok_or("Personal access token not found")?;
        let workspace = request
            .header("seam-workspace")
            .ok_or("A personal access token needs the seam-workspace header")?;
        return pat
            .workspace_ids
            .iter()
            .find(|w| *w == workspace)
            .cloned()
            .ok_or("Workspace not found or not accessible with this token");
    }

    seed.api_keys
        .iter()
        .find(|k| k.token == token)
        .map(|k| k.workspace_id.clone())
        .ok_or("API Key not found")
}
