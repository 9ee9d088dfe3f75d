//! Walking every page of a list: each page's `pagination` says whether another follows and
//! where it starts. While the caller reads one page, the next is already being fetched (at
//! most one page ahead); a walk that is dropped starts no further request.

use std::collections::HashSet;
use std::collections::VecDeque;
use std::sync::Arc;
use std::thread::JoinHandle;

use crate::error::SeamError;
use crate::models::Pagination;
use crate::transport::HttpTransport;

/// One page of a list: its objects and where the list stands.
pub trait PageOf {
    /// The objects the list holds.
    type Item;
    /// The objects on this page.
    fn into_items(self) -> Vec<Self::Item>;
    /// Whether another page follows, and its cursor.
    fn pagination(&self) -> &Pagination;
}

type Fetch<P, R> = fn(&HttpTransport, &P) -> Result<R, SeamError>;

/// The pages of a list, fetched in turn: an [`Iterator`] of its objects, or
/// [`Pages::next_page`] for whole pages.
///
/// The walk ends after the page whose `has_next_page` is false. A server that repeats a cursor
/// (or promises a next page without one) ends it with an `InvalidResponse` instead of looping;
/// after any error the walk is over.
pub struct Pages<P, R: PageOf> {
    http: Arc<HttpTransport>,
    params: P,
    fetch: Fetch<P, R>,
    set_cursor: fn(&mut P, Option<String>),
    state: Walk<R>,
    cursors_seen: HashSet<String>,
    buffered: VecDeque<R::Item>,
}

enum Walk<R> {
    /// The next page starts at the params' cursor and has not been asked for.
    Ahead,
    /// The next page is being fetched on its own thread.
    Fetching(JoinHandle<Result<R, SeamError>>),
    Done,
}

impl<P, R: PageOf> std::fmt::Debug for Pages<P, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages")
            .field("pages_seen", &self.cursors_seen.len())
            .field("buffered", &self.buffered.len())
            .finish()
    }
}

impl<P, R> Pages<P, R>
where
    P: Clone + Send + 'static,
    R: PageOf + Send + 'static,
{
    /// A walk from the page `params` starts at; nothing is sent yet.
    pub(crate) fn new(
        http: Arc<HttpTransport>,
        params: P,
        fetch: Fetch<P, R>,
        set_cursor: fn(&mut P, Option<String>),
    ) -> Self {
        Self {
            http,
            params,
            fetch,
            set_cursor,
            state: Walk::Ahead,
            cursors_seen: HashSet::new(),
            buffered: VecDeque::new(),
        }
    }

    /// The next page, or `None` after the last.
    pub fn next_page(&mut self) -> Result<Option<R>, SeamError> {
        // Whatever happens, a failed walk does not go on (and so cannot loop).
        let page = match std::mem::replace(&mut self.state, Walk::Done) {
            Walk::Done => return Ok(None),
            Walk::Ahead => (self.fetch)(&self.http, &self.params)?,
            Walk::Fetching(handle) => handle.join().unwrap_or_else(|_| Err(lost_page()))?,
        };
        let pagination = page.pagination();
        if pagination.has_next_page {
            let cursor = pagination.next_page_cursor.clone().ok_or_else(|| {
                walk_error("the page says has_next_page but gives no next_page_cursor")
            })?;
            if !self.cursors_seen.insert(cursor.clone()) {
                return Err(walk_error(&format!(
                    "the server gave the page cursor {cursor:?} a second time; the walk \
                     stopped there so as not to loop"
                )));
            }
            (self.set_cursor)(&mut self.params, Some(cursor));
            self.state = self.prefetch();
        }
        Ok(Some(page))
    }

    /// Starts fetching the next page while the caller reads this one.
    fn prefetch(&self) -> Walk<R> {
        let (http, params, fetch) = (Arc::clone(&self.http), self.params.clone(), self.fetch);
        match std::thread::Builder::new()
            .name("seam-next-page".into())
            .spawn(move || fetch(&http, &params))
        {
            Ok(handle) => Walk::Fetching(handle),
            // No thread to spare: the page is fetched when it is asked for.
            Err(_) => Walk::Ahead,
        }
    }
}

fn walk_error(reason: &str) -> SeamError {
    SeamError::InvalidResponse {
        status_code: 200,
        reason: reason.to_owned(),
        request_id: None,
    }
}

fn lost_page() -> SeamError {
    SeamError::Network {
        reason: "the thread fetching the next page stopped before it had an answer".to_owned(),
    }
}

impl<P, R> Iterator for Pages<P, R>
where
    P: Clone + Send + 'static,
    R: PageOf + Send + 'static,
{
    type Item = Result<R::Item, SeamError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.buffered.pop_front() {
                return Some(Ok(item));
            }
            match self.next_page() {
                Ok(Some(page)) => self.buffered.extend(page.into_items()),
                Ok(None) => return None,
                Err(e) => return Some(Err(e)),
            }
        }
    }
}
