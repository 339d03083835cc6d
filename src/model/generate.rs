//! The decoding loop and its stop conditions: the closing fence of the code
//! block, an end-of-turn token, or the token limit.

use super::sample::Sampler;
use super::tokenizer::Tokenizer;
use super::ModelError;

/// When to stop.
#[derive(Clone, Copy, Debug)]
pub struct StopRule {
    /// Tokens to generate at most.
    pub max_new: usize,
    /// The prompt opened a fenced code block for the answer; stop at the line
    /// that closes it.
    pub at_closing_fence: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopReason {
    ClosingFence,
    EndOfTurn,
    TokenLimit,
}

/// What one decoding produced.
#[derive(Clone, Debug)]
pub struct Generated {
    /// Every token chosen, the end-of-turn token included.
    pub tokens: Vec<u32>,
    /// Their text, up to and including the closing fence when there is one.
    pub text: String,
    /// Mean log-probability of the tokens under the model.
    pub mean_logprob: f64,
    pub stop: StopReason,
}

/// Decodes from `logits` (those after the prompt) until a stop condition.
/// `next` feeds a chosen token to the model and returns the logits after it;
/// it is not called for the last token.
pub fn generate(
    tokenizer: &Tokenizer,
    mut logits: Vec<f32>,
    sampler: &mut Sampler,
    rule: StopRule,
    mut next: impl FnMut(u32) -> Result<Vec<f32>, ModelError>,
) -> Result<Generated, ModelError> {
    let mut decoder = Decoder::new(tokenizer, rule);
    while let Some(token) = decoder.step(sampler, &logits)? {
        logits = next(token)?;
    }
    decoder.finish()
}

/// One sequence's decoding, a token at a time, for callers that run the
/// model for several sequences together: each step takes the logits after
/// the last token and says which token to feed next, if any.
pub struct Decoder<'a> {
    tokenizer: &'a Tokenizer,
    rule: StopRule,
    /// Every token chosen so far.
    tokens: Vec<u32>,
    /// Their summed log-probabilities.
    logprob: f64,
    /// Set once a stop condition is met.
    stop: Option<StopReason>,
}

impl<'a> Decoder<'a> {
    pub fn new(tokenizer: &'a Tokenizer, rule: StopRule) -> Decoder<'a> {
        Decoder {
            tokenizer,
            rule,
            tokens: Vec::new(),
            logprob: 0.0,
            stop: None,
        }
    }

    /// Chooses a token from `logits` and returns it when the model is to be
    /// run on it; `None` once a stop condition is met (the token that met
    /// it, if any, is kept, and the model need not see it).
    pub fn step(
        &mut self,
        sampler: &mut Sampler,
        logits: &[f32],
    ) -> Result<Option<u32>, ModelError> {
        if self.stop.is_some() {
            return Ok(None);
        }
        if self.tokens.len() >= self.rule.max_new {
            self.stop = Some(StopReason::TokenLimit);
            return Ok(None);
        }
        let (token, lp) = sampler.choose(logits);
        self.tokens.push(token);
        self.logprob += lp;
        if self.tokenizer.is_eos(token) {
            self.stop = Some(StopReason::EndOfTurn);
            return Ok(None);
        }
        // Decoding the whole answer is cheap next to a forward pass, but
        // only worth doing when a backtick arrives.
        if self.rule.at_closing_fence && self.tokenizer.decode(&[token])?.contains('`') {
            let text = self.tokenizer.decode(&self.tokens)?;
            if closing_fence_end(&text).is_some() {
                self.stop = Some(StopReason::ClosingFence);
                return Ok(None);
            }
        }
        if self.tokens.len() >= self.rule.max_new {
            self.stop = Some(StopReason::TokenLimit);
            return Ok(None);
        }
        Ok(Some(token))
    }

    /// Whether a stop condition was met.
    pub fn is_done(&self) -> bool {
        self.stop.is_some()
    }

    /// What was decoded. Before a stop condition was met, as if the token
    /// limit had been reached.
    pub fn finish(self) -> Result<Generated, ModelError> {
        let stop = self.stop.unwrap_or(StopReason::TokenLimit);
        let mut text = self.tokenizer.decode(&self.tokens)?;
        if let Some(end) = closing_fence_end(&text).filter(|_| stop == StopReason::ClosingFence) {
            text.truncate(end);
        }
        let mean_logprob = if self.tokens.is_empty() {
            0.0
        } else {
            self.logprob / self.tokens.len() as f64
        };
        Ok(Generated {
            tokens: self.tokens,
            text,
            mean_logprob,
            stop,
        })
    }
}

/// Where the fence that closes the answer's code block ends, in text that
/// starts inside the block: a line opening with three backticks. A fence
/// with a language tag on the very first line repeats the opening the prompt
/// already wrote, and does not count.
pub fn closing_fence_end(text: &str) -> Option<usize> {
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        if indent <= 3 && trimmed.starts_with("```") {
            let rest = trimmed[3..].trim_start_matches('`');
            let reopening = start == 0 && !rest.trim().is_empty();
            let undecided = start == 0 && !line.ends_with('\n') && rest.trim().is_empty();
            if !reopening && !undecided {
                return Some(start + indent + 3);
            }
        }
        start += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_closing_fence_is_a_line_of_backticks() {
        assert_eq!(closing_fence_end("x = 1\n```"), Some(9));
        assert_eq!(closing_fence_end("x = 1\n```\nmore"), Some(9));
        assert_eq!(closing_fence_end("x = 1\n   ```"), Some(12));
        // Backticks inside a line do not close the block.
        assert_eq!(closing_fence_end("s = '```'\n"), None);
        assert_eq!(closing_fence_end("x = 1\n"), None);
        // A repeated opening fence is skipped; the next fence closes.
        assert_eq!(closing_fence_end("```python\nx = 1\n```"), Some(19));
        // A bare fence first: closing once its line ends.
        assert_eq!(closing_fence_end("```"), None);
        assert_eq!(closing_fence_end("```\n"), Some(3));
    }
}
