//! Chat templates: the model's own Jinja template (GGUF
//! `tokenizer.chat_template`, `tokenizer_config.json` or
//! `chat_template.jinja`), rendered with minijinja the way Hugging Face's
//! `apply_chat_template` does; ChatML when the model has none or its
//! template cannot be rendered.

use minijinja::{context, Environment, ErrorKind};
use serde::Serialize;

use super::ModelError;

/// One turn of a conversation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Message {
    /// `system`, `user` or `assistant`.
    pub role: String,
    pub content: String,
}

impl Message {
    pub fn new(role: &str, content: impl Into<String>) -> Message {
        Message {
            role: role.to_string(),
            content: content.into(),
        }
    }
}

/// The fallback: Qwen's format, which many other models also understand.
const CHATML: &str = "{% for message in messages %}\
{{ '<|im_start|>' + message.role + '\n' + message.content + '<|im_end|>\n' }}\
{% endfor %}\
{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}";

pub struct ChatTemplate {
    env: Environment<'static>,
    /// The template's source, for fingerprints.
    source: String,
    /// Why the model's own template is not used, when it is not.
    fallback_reason: Option<String>,
    bos: String,
    eos: String,
}

impl std::fmt::Debug for ChatTemplate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChatTemplate")
            .field("source", &self.source)
            .field("fallback_reason", &self.fallback_reason)
            .finish()
    }
}

fn environment(source: &str) -> Result<Environment<'static>, minijinja::Error> {
    let mut env = Environment::new();
    // As transformers compiles chat templates.
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_unknown_method_callback(minijinja_contrib::pycompat::unknown_method_callback);
    env.add_function(
        "raise_exception",
        |message: String| -> Result<String, minijinja::Error> {
            Err(minijinja::Error::new(ErrorKind::InvalidOperation, message))
        },
    );
    env.add_template_owned("chat", source.to_string())?;
    Ok(env)
}

impl ChatTemplate {
    /// The model's template when it has one that renders a conversation;
    /// otherwise ChatML, with the reason kept for [`ChatTemplate::fallback_reason`].
    pub fn new(source: Option<String>, bos: String, eos: String) -> ChatTemplate {
        let chatml = || environment(CHATML).expect("the ChatML template compiles");
        let (env, source, fallback_reason) = match source {
            None => (
                chatml(),
                CHATML.to_string(),
                Some("the model has no chat template".into()),
            ),
            Some(source) => match environment(&source) {
                Ok(env) => (env, source, None),
                Err(e) => (
                    chatml(),
                    CHATML.to_string(),
                    Some(format!("the model's chat template does not compile: {e}")),
                ),
            },
        };
        let mut template = ChatTemplate {
            env,
            source,
            fallback_reason,
            bos,
            eos,
        };
        if template.fallback_reason.is_none() {
            let probe = [Message::new("system", "s"), Message::new("user", "u")];
            if let Err(e) = template.render(&probe) {
                template.env = chatml();
                template.source = CHATML.to_string();
                template.fallback_reason = Some(format!(
                    "the model's chat template does not render a conversation: {e}"
                ));
            }
        }
        template
    }

    /// The conversation as the model expects it, ending where the assistant's
    /// answer begins. A template that refuses a system turn (some do) gets
    /// the system text at the start of the first user turn instead.
    pub fn render(&self, messages: &[Message]) -> Result<String, ModelError> {
        match self.render_exactly(messages) {
            Ok(text) => Ok(text),
            Err(first) => {
                let merged = merge_system(messages);
                if merged.as_slice() == messages {
                    return Err(ModelError::Template(first.to_string()));
                }
                self.render_exactly(&merged)
                    .map_err(|e| ModelError::Template(e.to_string()))
            }
        }
    }

    fn render_exactly(&self, messages: &[Message]) -> Result<String, minijinja::Error> {
        let template = self.env.get_template("chat")?;
        template.render(context! {
            messages => messages,
            add_generation_prompt => true,
            bos_token => &self.bos,
            eos_token => &self.eos,
        })
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// Why ChatML stands in for the model's template, if it does.
    pub fn fallback_reason(&self) -> Option<&str> {
        self.fallback_reason.as_deref()
    }
}

/// The system turn folded into the first user turn.
fn merge_system(messages: &[Message]) -> Vec<Message> {
    let Some(first) = messages.first().filter(|m| m.role == "system") else {
        return messages.to_vec();
    };
    let mut rest = messages[1..].to_vec();
    match rest.iter_mut().find(|m| m.role == "user") {
        Some(user) => user.content = format!("{}\n\n{}", first.content, user.content),
        None => rest.insert(0, Message::new("user", first.content.clone())),
    }
    rest
}

/// Qwen2.5's chat template (as shipped in its `tokenizer_config.json` and
/// GGUF files), for the test models and the tests.
pub const QWEN25_TEMPLATE: &str = r#"{%- if tools %}
    {{- '<|im_start|>system\n' }}
    {%- if messages[0]['role'] == 'system' %}
        {{- messages[0]['content'] }}
    {%- else %}
        {{- 'You are Qwen, created by Alibaba Cloud. You are a helpful assistant.' }}
    {%- endif %}
    {{- "\n\n# Tools\n\nYou may call one or more functions to assist with the user query.\n\nYou are provided with function signatures within <tools></tools> XML tags:\n<tools>" }}
    {%- for tool in tools %}
        {{- "\n" }}
        {{- tool | tojson }}
    {%- endfor %}
    {{- "\n</tools>\n\nFor each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call><|im_end|>\n" }}
{%- else %}
    {%- if messages[0]['role'] == 'system' %}
        {{- '<|im_start|>system\n' + messages[0]['content'] + '<|im_end|>\n' }}
    {%- else %}
        {{- '<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n' }}
    {%- endif %}
{%- endif %}
{%- for message in messages %}
    {%- if (message.role == "user") or (message.role == "system" and not loop.first) or (message.role == "assistant" and not message.tool_calls) %}
        {{- '<|im_start|>' + message.role + '\n' + message.content + '<|im_end|>' + '\n' }}
    {%- elif message.role == "assistant" %}
        {{- '<|im_start|>' + message.role }}
        {%- if message.content %}
            {{- '\n' + message.content }}
        {%- endif %}
        {%- for tool_call in message.tool_calls %}
            {%- if tool_call.function is defined %}
                {%- set tool_call = tool_call.function %}
            {%- endif %}
            {{- '\n<tool_call>\n{"name": "' }}
            {{- tool_call.name }}
            {{- '", "arguments": ' }}
            {{- tool_call.arguments | tojson }}
            {{- '}\n</tool_call>' }}
        {%- endfor %}
        {{- '<|im_end|>\n' }}
    {%- elif message.role == "tool" %}
        {%- if (loop.index0 == 0) or (messages[loop.index0 - 1].role != "tool") %}
            {{- '<|im_start|>user' }}
        {%- endif %}
        {{- '\n<tool_response>\n' }}
        {{- message.content }}
        {{- '\n</tool_response>' }}
        {%- if loop.last or (messages[loop.index0 + 1].role != "tool") %}
            {{- '<|im_end|>\n' }}
        {%- endif %}
    {%- endif %}
{%- endfor %}
{%- if add_generation_prompt %}
    {{- '<|im_start|>assistant\n' }}
{%- endif %}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn conversation() -> Vec<Message> {
        vec![
            Message::new("system", "Translate code."),
            Message::new("user", "def f(): pass"),
        ]
    }

    const EXPECTED_CHATML: &str = "<|im_start|>system\nTranslate code.<|im_end|>\n\
        <|im_start|>user\ndef f(): pass<|im_end|>\n<|im_start|>assistant\n";

    #[test]
    fn qwen_template_renders_chatml() {
        let t = ChatTemplate::new(
            Some(QWEN25_TEMPLATE.into()),
            String::new(),
            "<|im_end|>".into(),
        );
        assert_eq!(t.fallback_reason(), None);
        assert_eq!(t.render(&conversation()).unwrap(), EXPECTED_CHATML);
        // Without a system turn Qwen's template adds its own.
        let text = t.render(&conversation()[1..]).unwrap();
        assert!(
            text.starts_with("<|im_start|>system\nYou are Qwen"),
            "{text}"
        );
    }

    #[test]
    fn no_template_falls_back_to_chatml() {
        let t = ChatTemplate::new(None, String::new(), String::new());
        assert!(t.fallback_reason().is_some());
        assert_eq!(t.render(&conversation()).unwrap(), EXPECTED_CHATML);
    }

    #[test]
    fn a_broken_template_falls_back_with_its_reason() {
        let t = ChatTemplate::new(Some("{% for %}".into()), String::new(), String::new());
        assert!(t.fallback_reason().unwrap().contains("does not compile"));
        assert_eq!(t.render(&conversation()).unwrap(), EXPECTED_CHATML);
    }

    #[test]
    fn a_template_without_system_turns_gets_them_merged() {
        // Shaped like Llama 2 and Mistral templates: BOS, and no system role.
        let source = "{{ bos_token }}{% for m in messages %}\
            {% if m['role'] == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}\
            {% if m['role'] == 'user' %}[INST] {{ m['content'].strip() }} [/INST]{% endif %}\
            {% endfor %}";
        let t = ChatTemplate::new(Some(source.into()), "<s>".into(), "</s>".into());
        assert_eq!(t.fallback_reason(), None);
        assert_eq!(
            t.render(&conversation()).unwrap(),
            "<s>[INST] Translate code.\n\ndef f(): pass [/INST]"
        );
    }
}
