//! Lesson instructions: Markdown read with pulldown-cmark into a small tree of blocks and
//! inlines that the page turns into elements and text nodes. Raw HTML in the source stays
//! text, and a link keeps its target only when it is http(s) or a lesson link, so pack text
//! can never become markup or a `javascript:` URL.

use serde::{Deserialize, Serialize};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A block of rendered instructions.
// Serialisable because the page receives it from the worker inside `api::LessonStepView`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Block {
    /// `#`..`######`: level 1-6.
    Heading(u8, Vec<Inline>),
    /// A paragraph.
    Paragraph(Vec<Inline>),
    /// A fenced or indented code block, its text verbatim.
    Code(String),
    /// A list; each item is its blocks.
    List {
        /// Numbered.
        ordered: bool,
        /// The items.
        items: Vec<Vec<Block>>,
    },
    /// `> quote`.
    Quote(Vec<Block>),
    /// `---`.
    Rule,
}

/// Inline content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Inline {
    /// Plain text (raw HTML lands here too, as text).
    Text(String),
    /// `` `code` ``.
    Code(String),
    /// `**strong**`.
    Strong(Vec<Inline>),
    /// `*emphasis*`.
    Emphasis(Vec<Inline>),
    /// A link with a safe target; unsafe targets become their text alone.
    Link {
        /// `https://…`, `http://…` or `#lesson=…`.
        href: String,
        /// The link's text.
        children: Vec<Inline>,
    },
    /// A hard or soft line break.
    Break,
}

enum Frame {
    Blocks(Vec<Block>),
    Inlines(Vec<Inline>),
    List(bool, Vec<Vec<Block>>),
    Link(String, Vec<Inline>),
}

/// Whether a link target may reach the page.
pub fn safe_href(href: &str) -> bool {
    href.starts_with("https://") || href.starts_with("http://") || href.starts_with("#lesson=")
}

/// The tree of `source`.
pub fn parse(source: &str) -> Vec<Block> {
    let mut stack: Vec<Frame> = vec![Frame::Blocks(Vec::new())];
    let mut code: Option<String> = None;
    for event in Parser::new_ext(source, Options::empty()) {
        if let Some(text) = code.as_mut() {
            match event {
                Event::End(TagEnd::CodeBlock) => {
                    let text = code.take().unwrap_or_default();
                    push_block(&mut stack, Block::Code(text));
                }
                Event::Text(t) | Event::Html(t) => text.push_str(&t),
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::CodeBlock(_)) => code = Some(String::new()),
            Event::Start(Tag::Link { dest_url, .. }) => stack.push(Frame::Link(dest_url.into_string(), Vec::new())),
            Event::Start(Tag::List(start)) => stack.push(Frame::List(start.is_some(), Vec::new())),
            Event::Start(Tag::Item) | Event::Start(Tag::BlockQuote(_)) => stack.push(Frame::Blocks(Vec::new())),
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::Strong | Tag::Emphasis) => stack.push(Frame::Inlines(Vec::new())),
            Event::End(TagEnd::List(_)) => {
                if let Some(Frame::List(ordered, items)) = stack.pop() {
                    push_block(&mut stack, Block::List { ordered, items });
                }
            }
            Event::End(TagEnd::Item) => {
                let blocks = pop_blocks(&mut stack);
                if let Some(Frame::List(_, items)) = stack.last_mut() {
                    items.push(blocks);
                }
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                let blocks = pop_blocks(&mut stack);
                push_block(&mut stack, Block::Quote(blocks));
            }
            Event::End(TagEnd::Paragraph) => {
                let inlines = pop_inlines(&mut stack);
                push_block(&mut stack, Block::Paragraph(inlines));
            }
            Event::End(TagEnd::Heading(level)) => {
                let inlines = pop_inlines(&mut stack);
                push_block(&mut stack, Block::Heading(heading_level(level), inlines));
            }
            Event::End(TagEnd::Strong) => {
                let inlines = pop_inlines(&mut stack);
                push_inline(&mut stack, Inline::Strong(inlines));
            }
            Event::End(TagEnd::Emphasis) => {
                let inlines = pop_inlines(&mut stack);
                push_inline(&mut stack, Inline::Emphasis(inlines));
            }
            Event::End(TagEnd::Link) => {
                if let Some(Frame::Link(href, children)) = stack.pop() {
                    if safe_href(&href) {
                        push_inline(&mut stack, Inline::Link { href, children });
                    } else {
                        children.into_iter().for_each(|child| push_inline(&mut stack, child));
                    }
                }
            }
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => push_inline(&mut stack, Inline::Text(t.into_string())),
            Event::Code(t) => push_inline(&mut stack, Inline::Code(t.into_string())),
            Event::SoftBreak | Event::HardBreak => push_inline(&mut stack, Inline::Break),
            Event::Rule => push_block(&mut stack, Block::Rule),
            _ => {}
        }
    }
    match stack.into_iter().next() {
        Some(Frame::Blocks(blocks)) => blocks,
        _ => Vec::new(),
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

fn pop_blocks(stack: &mut Vec<Frame>) -> Vec<Block> {
    match stack.pop() {
        Some(Frame::Blocks(blocks)) => blocks,
        Some(other) => {
            stack.push(other);
            Vec::new()
        }
        None => Vec::new(),
    }
}

fn pop_inlines(stack: &mut Vec<Frame>) -> Vec<Inline> {
    match stack.pop() {
        Some(Frame::Inlines(inlines)) => inlines,
        Some(other) => {
            stack.push(other);
            Vec::new()
        }
        None => Vec::new(),
    }
}

fn push_block(stack: &mut [Frame], block: Block) {
    match stack.last_mut() {
        Some(Frame::Blocks(blocks)) => blocks.push(block),
        // A tight list item holds inline text directly: wrap the block-level content.
        Some(Frame::Inlines(_) | Frame::List(..) | Frame::Link(..)) | None => {}
    }
}

fn push_inline(stack: &mut Vec<Frame>, inline: Inline) {
    match stack.last_mut() {
        Some(Frame::Inlines(inlines)) | Some(Frame::Link(_, inlines)) => inlines.push(inline),
        // Tight list items carry text without a paragraph: give them one.
        Some(Frame::Blocks(blocks)) => match blocks.last_mut() {
            Some(Block::Paragraph(inlines)) => inlines.push(inline),
            _ => blocks.push(Block::Paragraph(vec![inline])),
        },
        _ => stack.push(Frame::Inlines(vec![inline])),
    }
}
