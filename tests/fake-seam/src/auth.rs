use crate::http::Request;
use crate::seed::Seed;

/// Personal access tokens start like this, client session tokens like the next; API keys
/// merely with `seam_`.
const PAT_PREFIX: &str = "seam_at";
const CLIENT_SESSION_PREFIX: &str = "seam_cst";

/// Who a request acts as.
pub struct Principal {
    pub workspace_id: String,
    /// Set for a client session: the one user identity it may act for.
    pub user_identity_id: Option<String>,
}

/// The caller, or the message of a 401.
pub fn authenticate(seed: &Seed, request: &Request) -> Result<Principal, &'static str> {
    let header = request
        .header("authorization")
        .ok_or("No Authorization header")?;
    let token = header
        .split_once(' ')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .ok_or("Authorization header must be \"Bearer <token>\"")?;
    let in_workspace = |workspace_id: &str| Principal {
        workspace_id: workspace_id.to_owned(),
        user_identity_id: None,
    };

    // The JavaScript SDK sends a client session token twice; either one alone is a mistake.
    let session_header = request.header("client-session-token");
    if token.starts_with(CLIENT_SESSION_PREFIX) || session_header.is_some() {
        match session_header {
            None => return Err("A client session token needs the client-session-token header too"),
            Some(other) if other != token => {
                return Err(
                    "The client-session-token header does not match the Authorization header",
                )
            }
            Some(_) => {}
        }
        let session = seed
            .client_sessions
            .iter()
            .find(|s| s.token == token)
            .ok_or("Client session token not found")?;
        return Ok(Principal {
            workspace_id: session.workspace_id.clone(),
            user_identity_id: Some(session.user_identity_id.clone()),
        });
    }

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
            .map(|w| in_workspace(w))
            .ok_or("Workspace not found or not accessible with this token");
    }

    seed.api_keys
        .iter()
        .find(|k| k.token == token)
        .map(|k| in_workspace(&k.workspace_id))
        .ok_or("API Key not found")
}
