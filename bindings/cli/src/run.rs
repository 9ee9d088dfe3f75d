//! Runs a parsed command: the command line's values become the core's parameters, the core
//! checks and sends them, and the answer is printed. Nothing here validates a value the core
//! checks; only text the core takes already typed (timestamps) is read here.

use std::io::Write;
use std::time::SystemTime;

use clap::CommandFactory;
use seam_core::acs::{
    AcsCredentials, CreateParams, ListParams, NewAssaAbloyVostioMetadata, NewSaltoSpaceMetadata,
    NewVisionlineMetadata, VisionlineCardFormat,
};
use seam_core::{AccessMethod, Config, Seam, SeamError, VisionlineCardFunctionType};

use crate::cli::{
    AcsCommand, Assignment, Cli, Command, Create, CredentialsCommand, Format, Global, List, Parsed,
    SaltoSpace, Update, Visionline, Vostio,
};
use crate::failure::Failure;
use crate::output::{self, Table};
use crate::timestamp;

pub fn run(parsed: Parsed, out: &mut impl Write) -> Result<(), Failure> {
    if let Some(option) = parsed.secret_option {
        return Err(Failure::SecretOption(option));
    }
    let cli = parsed.cli;
    match cli.command {
        Command::Completions { shell } => {
            // Into memory first: clap_complete panics when its writer fails (a closed pipe).
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "seam-core", &mut script);
            out.write_all(&script)?;
            Ok(())
        }
        Command::Acs {
            command: AcsCommand::Credentials { command },
        } => {
            // Local text first: a timestamp that does not read needs no client and sends
            // nothing.
            let call = Call::read(command)?;
            let seam = client(&cli.global)?;
            call.run(&seam.acs().credentials(), cli.global.format, out)
        }
    }
}

/// The client, configured by the options and then (in the core) by the environment.
fn client(global: &Global) -> Result<Seam, SeamError> {
    Seam::from_config(Config {
        endpoint: global.endpoint.clone(),
        timeout: global.timeout,
        max_retries: global.max_retries,
        workspace_id: global.workspace_id.clone(),
        ..Config::default()
    })
}

/// A credentials command with its values in the core's types.
enum Call {
    Assign(Assignment),
    Unassign(Assignment),
    Create(Box<CreateParams>),
    Get(String),
    List {
        params: ListParams,
        all: bool,
    },
    Update {
        acs_credential_id: String,
        code: Option<String>,
        ends_at: Option<SystemTime>,
    },
    Delete(String),
    ListAccessibleEntrances(String),
}

impl Call {
    fn read(command: CredentialsCommand) -> Result<Self, SeamError> {
        Ok(match command {
            CredentialsCommand::Assign(a) => Self::Assign(a),
            CredentialsCommand::Unassign(a) => Self::Unassign(a),
            CredentialsCommand::Create(c) => Self::Create(Box::new(create_params(*c)?)),
            CredentialsCommand::Get(c) => Self::Get(c.acs_credential_id),
            CredentialsCommand::List(l) => {
                let all = l.all;
                Self::List {
                    params: list_params(l)?,
                    all,
                }
            }
            CredentialsCommand::Update(Update {
                acs_credential_id,
                code,
                ends_at,
            }) => Self::Update {
                acs_credential_id,
                code,
                ends_at: timestamp::optional("--ends-at", ends_at.as_deref())?,
            },
            CredentialsCommand::Delete(c) => Self::Delete(c.acs_credential_id),
            CredentialsCommand::ListAccessibleEntrances(c) => {
                Self::ListAccessibleEntrances(c.acs_credential_id)
            }
        })
    }

    fn run(
        self,
        credentials: &AcsCredentials<'_>,
        format: Format,
        out: &mut impl Write,
    ) -> Result<(), Failure> {
        let credential = match self {
            Self::Assign(a) => assignment(credentials, a, Direction::Assign)?,
            Self::Unassign(a) => assignment(credentials, a, Direction::Unassign)?,
            Self::Create(params) => credentials.create(&params)?,
            Self::Get(id) => credentials.get(&id)?,
            Self::Update {
                acs_credential_id,
                code,
                ends_at,
            } => credentials.update(&acs_credential_id, code.as_deref(), ends_at)?,
            Self::Delete(id) => {
                // Success is the exit status; the API's answer holds nothing but `ok`.
                credentials.delete(&id)?;
                return Ok(());
            }
            Self::ListAccessibleEntrances(id) => {
                let entrances = credentials.list_accessible_entrances(&id)?;
                match format {
                    Format::Json => output::json(out, &entrances)?,
                    Format::Table => Table::entrances(&entrances).write(out)?,
                }
                return Ok(());
            }
            Self::List { params, all: false } => {
                let page = credentials.list(&params)?;
                match format {
                    Format::Json => output::json(out, &page)?,
                    Format::Table => output::page_table(out, &page)?,
                }
                return Ok(());
            }
            Self::List { params, all: true } => return list_all(credentials, params, format, out),
        };
        match format {
            Format::Json => output::json(out, &credential)?,
            Format::Table => Table::credentials([&credential]).write(out)?,
        }
        Ok(())
    }
}

enum Direction {
    Assign,
    Unassign,
}

fn assignment(
    credentials: &AcsCredentials<'_>,
    a: Assignment,
    direction: Direction,
) -> Result<seam_core::AcsCredential, SeamError> {
    let id = &a.acs_credential_id;
    // clap's "holder" group gives exactly one of the two; were it neither, the core would
    // refuse the empty acs_user_id.
    match (a.user_identity_id, direction) {
        (Some(identity), Direction::Assign) => credentials.assign_user_identity(&identity, id),
        (Some(identity), Direction::Unassign) => credentials.unassign_user_identity(&identity, id),
        (None, Direction::Assign) => credentials.assign(&a.acs_user_id.unwrap_or_default(), id),
        (None, Direction::Unassign) => credentials.unassign(&a.acs_user_id.unwrap_or_default(), id),
    }
}

/// Every page: JSON Lines written (and flushed) page by page as they come; a table once
/// the last page is in, since its columns are as wide as their widest cell.
fn list_all(
    credentials: &AcsCredentials<'_>,
    params: ListParams,
    format: Format,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let mut pages = credentials.list_all(params)?;
    let mut rows = Vec::new();
    while let Some(page) = pages.next_page()? {
        match format {
            Format::Json => {
                for credential in &page.acs_credentials {
                    output::json_line(out, credential)?;
                }
                out.flush()?;
            }
            Format::Table => rows.extend(page.acs_credentials),
        }
    }
    if format == Format::Table {
        Table::credentials(&rows).write(out)?;
    }
    Ok(())
}

fn list_params(l: List) -> Result<ListParams, SeamError> {
    Ok(ListParams {
        acs_user_id: l.acs_user_id,
        acs_system_id: l.acs_system_id,
        user_identity_id: l.user_identity_id,
        is_multi_phone_sync_credential: l.is_multi_phone_sync_credential,
        created_before: timestamp::optional("--created-before", l.created_before.as_deref())?,
        search: l.search,
        limit: l.limit,
        page_cursor: l.page_cursor,
    })
}

fn create_params(c: Create) -> Result<CreateParams, SeamError> {
    let starts_at = timestamp::optional("--starts-at", c.starts_at.as_deref())?;
    let ends_at = timestamp::optional("--ends-at", c.ends_at.as_deref())?;
    Ok(CreateParams {
        acs_user_id: c.acs_user_id,
        user_identity_id: c.user_identity_id,
        acs_system_id: c.acs_system_id,
        allowed_acs_entrance_ids: c.allowed_acs_entrance_ids,
        code: c.code,
        starts_at,
        ends_at,
        is_multi_phone_sync_credential: c.is_multi_phone_sync_credential,
        credential_manager_acs_system_id: c.credential_manager_acs_system_id,
        visionline_metadata: visionline(c.visionline),
        assa_abloy_vostio_metadata: vostio(c.vostio),
        salto_space_metadata: salto_space(c.salto_space),
        ..CreateParams::new(AccessMethod::from(c.access_method))
    })
}

/// `Some` only when one of its options was given: the metadata is left out otherwise.
fn given<T: Default + PartialEq>(metadata: T) -> Option<T> {
    (metadata != T::default()).then_some(metadata)
}

fn visionline(v: Visionline) -> Option<NewVisionlineMetadata> {
    given(NewVisionlineMetadata {
        auto_join: v.visionline_auto_join,
        card_format: v.visionline_card_format.map(VisionlineCardFormat::from),
        card_function_type: v
            .visionline_card_function_type
            .map(VisionlineCardFunctionType::from),
        joiner_acs_credential_ids: v.visionline_joiner_acs_credential_id,
        is_override: v.visionline_override,
    })
}

fn vostio(v: Vostio) -> Option<NewAssaAbloyVostioMetadata> {
    given(NewAssaAbloyVostioMetadata {
        auto_join: v.assa_abloy_vostio_auto_join,
        join_all_guest_acs_entrances: v.assa_abloy_vostio_join_all_guest_acs_entrances,
        override_all_guest_acs_entrances: v.assa_abloy_vostio_override_all_guest_acs_entrances,
        override_guest_acs_entrance_ids: v.assa_abloy_vostio_override_guest_acs_entrance_id,
    })
}

fn salto_space(s: SaltoSpace) -> Option<NewSaltoSpaceMetadata> {
    given(NewSaltoSpaceMetadata {
        assign_new_key: s.salto_space_assign_new_key,
    })
}
