//! Finding a model and loading it: `--model` as a file, a directory or a
//! Hugging Face hub id resolved through the local cache (never the network);
//! GGUF files (quantized or float) and safetensors checkpoints; the checks
//! that refuse what we would run wrongly.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use candle_core::quantized::gguf_file::{self, Value};
use candle_core::quantized::{GgmlDType, QMatMul, QTensor};
use candle_core::{DType, Device, Tensor};
use serde_json::Value as Json;

use super::forward::{Arch, Config, Embedding, Layer, Linear, Model, RopeStyle};
use super::pages::Arena;
use super::template::ChatTemplate;
use super::tokenizer::Tokenizer;
use super::ModelError;

/// Where a model's files are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ModelSource {
    Gguf(PathBuf),
    /// A Hugging Face checkpoint: `config.json`, `tokenizer.json` and the
    /// weights in one directory.
    Safetensors {
        dir: PathBuf,
        weights: Vec<PathBuf>,
    },
}

/// A `--model` argument, resolved to files.
#[derive(Clone, Debug)]
pub struct ResolvedModel {
    /// What the user wrote.
    pub spec: String,
    pub source: ModelSource,
}

impl ResolvedModel {
    /// Every file that can change what the model says.
    pub fn files(&self) -> Vec<PathBuf> {
        match &self.source {
            ModelSource::Gguf(path) => {
                let mut files = vec![path.clone()];
                // Read when the GGUF carries no usable tokenizer.
                if let Some(dir) = path.parent() {
                    files.extend(existing(dir, &["tokenizer.json", "tokenizer_config.json"]));
                }
                files
            }
            ModelSource::Safetensors { dir, weights } => {
                let mut files = existing(
                    dir,
                    &[
                        "config.json",
                        "tokenizer.json",
                        "tokenizer_config.json",
                        "generation_config.json",
                        "chat_template.jinja",
                    ],
                );
                files.extend(weights.iter().cloned());
                files
            }
        }
    }

    /// The files' identity (path, size, modification time), for cache keys:
    /// a changed file changes it, without reading gigabytes to hash them.
    pub fn identity(&self) -> String {
        self.files()
            .iter()
            .map(|path| {
                let meta = std::fs::metadata(path).ok();
                let size = meta.as_ref().map_or(0, |m| m.len());
                let mtime = meta
                    .and_then(|m| m.modified().ok())
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                let path = path.canonicalize().unwrap_or_else(|_| path.clone());
                format!("{}:{size}:{mtime}", path.display())
            })
            .collect::<Vec<_>>()
            .join(";")
    }

    /// The file or directory to name in messages.
    pub fn path(&self) -> &Path {
        match &self.source {
            ModelSource::Gguf(path) => path,
            ModelSource::Safetensors { dir, .. } => dir,
        }
    }
}

fn existing(dir: &Path, names: &[&str]) -> Vec<PathBuf> {
    names
        .iter()
        .map(|n| dir.join(n))
        .filter(|p| p.is_file())
        .collect()
}

/// Resolves a `--model` argument: a GGUF file, a directory, or
/// `hf:ORG/REPO[:FILE]` in the Hugging Face cache.
pub fn resolve(spec: &str) -> Result<ResolvedModel, ModelError> {
    let source = match spec.strip_prefix("hf:") {
        Some(hub) => resolve_hub(hub)?,
        None => resolve_path(Path::new(spec))?,
    };
    Ok(ResolvedModel {
        spec: spec.to_string(),
        source,
    })
}

fn resolve_path(path: &Path) -> Result<ModelSource, ModelError> {
    if path.is_file() {
        if is_gguf(path) {
            return Ok(ModelSource::Gguf(path.to_path_buf()));
        }
        if path.extension().is_some_and(|e| e == "safetensors") {
            let dir = path.parent().unwrap_or(Path::new("."));
            return safetensors_dir(dir);
        }
        return Err(ModelError::file(
            path,
            "not a GGUF file (no GGUF magic) nor a .safetensors file",
        ));
    }
    if path.is_dir() {
        if path.join("config.json").is_file() {
            return safetensors_dir(path);
        }
        let ggufs = files_with_extension(path, "gguf");
        return match pick_gguf(&ggufs) {
            Some(file) => Ok(ModelSource::Gguf(file)),
            None if ggufs.is_empty() => Err(ModelError::file(
                path,
                "no model here: expected a .gguf file, or config.json with .safetensors weights",
            )),
            None => Err(ModelError::file(
                path,
                format!(
                    "several GGUF files, name one: {}",
                    ggufs
                        .iter()
                        .filter_map(|p| p.file_name())
                        .map(|n| n.to_string_lossy())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        };
    }
    Err(ModelError::file(
        path,
        "no such file or directory (to use a model from the Hugging Face cache, write hf:ORG/REPO)",
    ))
}

fn is_gguf(path: &Path) -> bool {
    let mut magic = [0u8; 4];
    File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok()
        && &magic == b"GGUF"
}

fn files_with_extension(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == ext) && p.is_file())
        .collect();
    files.sort();
    files
}

/// The one GGUF in a list, or the Q4_K_M one among several.
fn pick_gguf(files: &[PathBuf]) -> Option<PathBuf> {
    if let [one] = files {
        return Some(one.clone());
    }
    let q4km: Vec<&PathBuf> = files
        .iter()
        .filter(|p| p.to_string_lossy().to_lowercase().contains("q4_k_m"))
        .collect();
    match q4km.as_slice() {
        [one] => Some((*one).clone()),
        _ => None,
    }
}

fn safetensors_dir(dir: &Path) -> Result<ModelSource, ModelError> {
    let index = dir.join("model.safetensors.index.json");
    let weights = if index.is_file() {
        let json = read_json(&index)?;
        let mut files: Vec<PathBuf> = json["weight_map"]
            .as_object()
            .ok_or_else(|| ModelError::file(&index, "no weight_map"))?
            .values()
            .filter_map(|v| v.as_str())
            .map(|f| dir.join(f))
            .collect();
        files.sort();
        files.dedup();
        files
    } else {
        files_with_extension(dir, "safetensors")
    };
    if weights.is_empty() {
        return Err(ModelError::file(
            dir,
            "config.json but no .safetensors weights",
        ));
    }
    if let Some(missing) = weights.iter().find(|p| !p.is_file()) {
        return Err(ModelError::file(missing, "listed in the index but missing"));
    }
    Ok(ModelSource::Safetensors {
        dir: dir.to_path_buf(),
        weights,
    })
}

/// The Hugging Face hub cache: `$HF_HUB_CACHE`, else `$HF_HOME/hub`, else
/// `~/.cache/huggingface/hub`, as the Python tools use it.
pub fn hub_cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("HF_HUB_CACHE").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    if let Some(home) = std::env::var_os("HF_HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(home).join("hub");
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    home.join(".cache").join("huggingface").join("hub")
}

fn resolve_hub(hub: &str) -> Result<ModelSource, ModelError> {
    let (repo_id, file) = match hub.split_once(':') {
        Some((repo, file)) => (repo, Some(file)),
        None => (hub, None),
    };
    if repo_id.split('/').count() != 2 || repo_id.split('/').any(str::is_empty) {
        return Err(ModelError::Spec(format!(
            "hf:{hub}: expected hf:ORG/REPO or hf:ORG/REPO:FILE"
        )));
    }
    let cache_dir = hub_cache_dir();
    let cache = hf_hub::Cache::new(cache_dir.clone());
    let repo = cache.repo(hf_hub::Repo::model(repo_id.to_string()));
    match file {
        Some(file) => match repo.get(file) {
            Some(path) => resolve_path(&path),
            None => Err(not_cached(repo_id, &[file.to_string()], &cache_dir)),
        },
        None => {
            // The snapshot the cache's `main` ref points at.
            let snapshot = repo
                .get("config.json")
                .and_then(|p| p.parent().map(Path::to_path_buf))
                .or_else(|| snapshot_dir(&cache_dir, repo_id));
            match snapshot {
                Some(dir) => resolve_path(&dir),
                None => Err(not_cached(repo_id, &suggested_files(repo_id), &cache_dir)),
            }
        }
    }
}

fn snapshot_dir(cache_dir: &Path, repo_id: &str) -> Option<PathBuf> {
    let folder = cache_dir.join(format!("models--{}", repo_id.replace('/', "--")));
    let commit = std::fs::read_to_string(folder.join("refs").join("main")).ok()?;
    let dir = folder.join("snapshots").join(commit.trim());
    dir.is_dir().then_some(dir)
}

/// What to download for a repository named without a file.
fn suggested_files(repo_id: &str) -> Vec<String> {
    let name = repo_id.rsplit('/').next().unwrap_or(repo_id);
    match name
        .strip_suffix("-GGUF")
        .or_else(|| name.strip_suffix("-gguf"))
    {
        Some(stem) => vec![format!("{}-q4_k_m.gguf", stem.to_lowercase())],
        None => [
            "config.json",
            "generation_config.json",
            "tokenizer.json",
            "tokenizer_config.json",
            "model.safetensors",
        ]
        .map(String::from)
        .to_vec(),
    }
}

fn not_cached(repo_id: &str, files: &[String], cache_dir: &Path) -> ModelError {
    let folder = cache_dir.join(format!("models--{}", repo_id.replace('/', "--")));
    ModelError::NotCached(format!(
        "hf:{repo_id}: not in the Hugging Face cache at {cache} (xlate never downloads). \
         Download {what} with\n  huggingface-cli download {repo_id} {files}\n\
         which stores {them} under {folder}/snapshots/<commit>/ (set HF_HOME or HF_HUB_CACHE \
         to use another cache), or download {them} anywhere and pass the path to --model.{sharded}",
        cache = cache_dir.display(),
        what = if files.len() == 1 {
            "the file"
        } else {
            "the files"
        },
        them = if files.len() == 1 { "it" } else { "them" },
        files = files.join(" "),
        folder = folder.display(),
        sharded = if files.iter().any(|f| f == "model.safetensors") {
            "\nA checkpoint in several shards has model.safetensors.index.json and \
             model-0000N-of-0000M.safetensors instead of model.safetensors."
        } else {
            ""
        },
    ))
}

fn read_json(path: &Path) -> Result<Json, ModelError> {
    let text = std::fs::read_to_string(path).map_err(|e| ModelError::file(path, e))?;
    serde_json::from_str(&text).map_err(|e| ModelError::file(path, format!("invalid JSON: {e}")))
}

/// What a report or the bench says about a model.
#[derive(Clone, Debug)]
pub struct ModelInfo {
    pub name: String,
    /// E.g. `GGUF Q4_K_M` or `safetensors bf16`.
    pub format: String,
    /// See [`ResolvedModel::identity`].
    pub identity: String,
}

/// A model ready to translate.
pub struct Loaded {
    pub model: Model,
    pub tokenizer: Tokenizer,
    pub template: ChatTemplate,
    pub info: ModelInfo,
}

/// Loads the weights only: enough for the bench, which feeds token ids.
pub fn load_weights(resolved: &ResolvedModel) -> Result<(Model, ModelInfo), ModelError> {
    match &resolved.source {
        ModelSource::Gguf(path) => {
            let gguf = Gguf::open(path)?;
            let model = gguf.model()?;
            Ok((model, gguf.info(resolved)))
        }
        ModelSource::Safetensors { dir, weights } => {
            let checkpoint = Checkpoint::open(dir)?;
            let model = checkpoint.model(weights)?;
            Ok((model, checkpoint.info(resolved)))
        }
    }
}

/// Loads weights, tokenizer and chat template.
pub fn load(resolved: &ResolvedModel) -> Result<Loaded, ModelError> {
    match &resolved.source {
        ModelSource::Gguf(path) => {
            let mut gguf = Gguf::open(path)?;
            let tokenizer = Tokenizer::from_gguf(path, &mut gguf.content)?;
            let template = ChatTemplate::new(
                gguf.string("tokenizer.chat_template")
                    .map(str::to_string)
                    .or_else(|| path.parent().and_then(template_beside)),
                tokenizer.bos_text(),
                tokenizer.eos_text(),
            );
            let model = gguf.model()?;
            check_vocab(path, &model, &tokenizer)?;
            Ok(Loaded {
                info: gguf.info(resolved),
                model,
                tokenizer,
                template,
            })
        }
        ModelSource::Safetensors { dir, weights } => {
            let checkpoint = Checkpoint::open(dir)?;
            let tokenizer = Tokenizer::from_dir(dir)?;
            let template = ChatTemplate::new(
                template_beside(dir),
                tokenizer.bos_text(),
                tokenizer.eos_text(),
            );
            let model = checkpoint.model(weights)?;
            check_vocab(dir, &model, &tokenizer)?;
            Ok(Loaded {
                info: checkpoint.info(resolved),
                model,
                tokenizer,
                template,
            })
        }
    }
}

/// A tokenizer that can produce ids the model has no row for would fail
/// mid-translation; say so at load time.
fn check_vocab(path: &Path, model: &Model, tokenizer: &Tokenizer) -> Result<(), ModelError> {
    if tokenizer.vocab_size() > model.config.vocab {
        return Err(ModelError::file(
            path,
            format!(
                "the tokenizer has {} tokens but the model only {}",
                tokenizer.vocab_size(),
                model.config.vocab
            ),
        ));
    }
    Ok(())
}

/// A chat template from `tokenizer_config.json` or `chat_template.jinja`.
fn template_beside(dir: &Path) -> Option<String> {
    if let Ok(text) = std::fs::read_to_string(dir.join("chat_template.jinja")) {
        return Some(text);
    }
    let config = read_json(&dir.join("tokenizer_config.json")).ok()?;
    match &config["chat_template"] {
        Json::String(s) => Some(s.clone()),
        // Several named templates: the default one.
        Json::Array(list) => list
            .iter()
            .find(|t| t["name"] == "default")
            .and_then(|t| t["template"].as_str())
            .map(str::to_string),
        _ => None,
    }
}

/// An open GGUF file: its metadata, and a reader for its tensors.
struct Gguf {
    path: PathBuf,
    content: gguf_file::Content,
    reader: std::cell::RefCell<BufReader<File>>,
    /// Where the quantized tensors are read (see [`super::pages`]).
    arena: std::cell::RefCell<Arena>,
}

impl Gguf {
    fn open(path: &Path) -> Result<Gguf, ModelError> {
        let file = File::open(path).map_err(|e| ModelError::file(path, e))?;
        let mut reader = BufReader::new(file);
        let content = gguf_file::Content::read(&mut reader)
            .map_err(|e| ModelError::file(path, format!("not a readable GGUF file: {e}")))?;
        // Q5_0 is converted to Q8_0 where no kernel of ours reads it, and
        // the file's copy dropped (see `Gguf::linear`).
        let arena = Arena::for_tensors(content.tensor_infos.values(), |dtype| {
            dtype != GgmlDType::Q5_0 || super::matvec::applies(dtype)
        });
        Ok(Gguf {
            path: path.to_path_buf(),
            content,
            reader: std::cell::RefCell::new(reader),
            arena: std::cell::RefCell::new(arena),
        })
    }

    fn value(&self, key: &str) -> Option<&Value> {
        self.content.metadata.get(key)
    }

    fn string(&self, key: &str) -> Option<&str> {
        self.value(key)
            .and_then(|v| v.to_string().ok())
            .map(String::as_str)
    }

    fn usize(&self, key: &str) -> Option<usize> {
        self.value(key).and_then(|v| match v {
            Value::U8(x) => Some(*x as usize),
            Value::U16(x) => Some(*x as usize),
            Value::U32(x) => Some(*x as usize),
            Value::U64(x) => Some(*x as usize),
            Value::I32(x) => usize::try_from(*x).ok(),
            Value::I64(x) => usize::try_from(*x).ok(),
            _ => None,
        })
    }

    fn f64(&self, key: &str) -> Option<f64> {
        self.value(key).and_then(|v| match v {
            Value::F32(x) => Some(*x as f64),
            Value::F64(x) => Some(*x),
            _ => None,
        })
    }

    fn required(&self, key: &str) -> Result<usize, ModelError> {
        self.usize(key)
            .ok_or_else(|| ModelError::file(&self.path, format!("missing metadata `{key}`")))
    }

    fn arch(&self) -> Result<Arch, ModelError> {
        match self.string("general.architecture") {
            Some("qwen2") => Ok(Arch::Qwen2),
            Some("llama") => Ok(Arch::Llama),
            Some(other) => Err(ModelError::unsupported(
                &self.path,
                format!("architecture `{other}` (supported: qwen2, llama)"),
            )),
            None => Err(ModelError::file(
                &self.path,
                "missing metadata `general.architecture`",
            )),
        }
    }

    fn config(&self) -> Result<Config, ModelError> {
        let arch = self.arch()?;
        let p = arch.name();
        let key = |k: &str| format!("{p}.{k}");
        let unsupported = |what: String| Err(ModelError::unsupported(&self.path, what));
        if self.usize(&key("expert_count")).unwrap_or(0) > 0 {
            return unsupported("mixture-of-experts layers".into());
        }
        let hidden = self.required(&key("embedding_length"))?;
        let heads = self.required(&key("attention.head_count"))?;
        let kv_heads = self.usize(&key("attention.head_count_kv")).unwrap_or(heads);
        let head_dim = self
            .usize(&key("attention.key_length"))
            .unwrap_or(hidden / heads.max(1));
        if heads == 0 || kv_heads == 0 || heads % kv_heads != 0 {
            return Err(ModelError::file(
                &self.path,
                format!("{heads} attention heads cannot share {kv_heads} key-value heads"),
            ));
        }
        if let Some(v) = self.usize(&key("attention.value_length")) {
            if v != head_dim {
                return unsupported(format!("value heads of {v} with key heads of {head_dim}"));
            }
        }
        if let Some(rot) = self.usize(&key("rope.dimension_count")) {
            if rot != head_dim {
                return unsupported(format!(
                    "rotary embeddings over {rot} of {head_dim} head dimensions"
                ));
            }
        }
        let linear_scale = self.rope_scaling(p)?;
        let factors = match self.content.tensor_infos.get("rope_freqs.weight") {
            Some(_) => {
                let t = self.tensor("rope_freqs.weight")?.dequantize(&Device::Cpu)?;
                let factors = t.flatten_all()?.to_vec1::<f32>()?;
                if factors.len() != head_dim / 2 {
                    return unsupported(format!(
                        "rope_freqs.weight of {} values for {} frequencies",
                        factors.len(),
                        head_dim / 2
                    ));
                }
                Some(factors)
            }
            None => None,
        };
        let base = self.f64(&key("rope.freq_base")).unwrap_or(10_000.0);
        let vocab = self
            .content
            .tensor_infos
            .get("token_embd.weight")
            .map(|t| t.shape.dims()[0])
            .ok_or_else(|| ModelError::file(&self.path, "no tensor `token_embd.weight`"))?;
        Ok(Config {
            arch,
            hidden,
            layers: self.required(&key("block_count"))?,
            heads,
            kv_heads,
            head_dim,
            vocab,
            context_length: self.usize(&key("context_length")).unwrap_or(4096),
            rms_eps: self
                .f64(&key("attention.layer_norm_rms_epsilon"))
                .unwrap_or(1e-6),
            rope_style: match arch {
                Arch::Qwen2 => RopeStyle::Halves,
                // llama.cpp's converter permutes Llama's q/k rows so that
                // RoPE pairs adjacent dimensions.
                Arch::Llama => RopeStyle::Interleaved,
            },
            inv_freq: Config::rope_frequencies(head_dim, base, linear_scale, factors.as_deref()),
        })
    }

    /// The linear position scale, refusing the RoPE scalings we do not
    /// implement (they would produce plausible but wrong text).
    fn rope_scaling(&self, p: &str) -> Result<f64, ModelError> {
        let kind = self.string(&format!("{p}.rope.scaling.type"));
        let factor = self.f64(&format!("{p}.rope.scaling.factor"));
        match kind {
            None | Some("none") => {
                // Older converters wrote only this key.
                Ok(self.f64(&format!("{p}.rope.scale_linear")).unwrap_or(1.0))
            }
            Some("linear") => Ok(factor.filter(|f| *f > 0.0).unwrap_or(1.0)),
            Some(other) => Err(ModelError::unsupported(
                &self.path,
                format!(
                    "RoPE scaling `{other}` (supported: none, linear, and Llama 3's \
                     per-frequency factors)"
                ),
            )),
        }
    }

    /// A tensor by name; quantized ones into huge pages (see
    /// [`super::pages`]), the rest, and unknown names, by candle's reader.
    fn tensor(&self, name: &str) -> Result<QTensor, ModelError> {
        let mut reader = self.reader.borrow_mut();
        let in_huge_pages = match self.content.tensor_infos.get(name) {
            Some(info) => {
                let mut arena = self.arena.borrow_mut();
                let start = self.content.tensor_data_offset;
                super::pages::read_tensor(&mut *reader, info, start, &mut arena)
            }
            None => Ok(None),
        };
        match in_huge_pages {
            Ok(Some(tensor)) => Ok(tensor),
            Ok(None) => self.content.tensor(&mut *reader, name, &Device::Cpu),
            Err(e) => Err(e),
        }
        .map_err(|e| ModelError::file(&self.path, format!("tensor `{name}`: {e}")))
    }

    fn dense(&self, name: &str) -> Result<Tensor, ModelError> {
        Ok(self.tensor(name)?.dequantize(&Device::Cpu)?)
    }

    fn linear(&self, name: &str, shape: (usize, usize)) -> Result<Linear, ModelError> {
        let mut weight = self.tensor(&format!("{name}.weight"))?;
        // Our own kernels multiply Q5_0 on the AVX-512 and AVX2 paths (see
        // `model::matvec`), at 22 bytes per 32 values rather than 34; the
        // others get Q8_0, which our NEON kernel and candle's take.
        if weight.dtype() == GgmlDType::Q5_0 && !super::matvec::applies(GgmlDType::Q5_0) {
            weight = q5_0_as_q8_0(&weight)?;
        }
        self.check_shape(name, weight.shape().dims(), shape)?;
        let bias = if self
            .content
            .tensor_infos
            .contains_key(&format!("{name}.bias"))
        {
            Some(self.dense(&format!("{name}.bias"))?)
        } else {
            None
        };
        Ok(Linear::new(QMatMul::from_qtensor(weight)?, bias))
    }

    fn check_shape(
        &self,
        name: &str,
        dims: &[usize],
        (rows, cols): (usize, usize),
    ) -> Result<(), ModelError> {
        if dims != [rows, cols] {
            return Err(ModelError::file(
                &self.path,
                format!("tensor `{name}` has shape {dims:?}, expected [{rows}, {cols}]"),
            ));
        }
        Ok(())
    }

    fn model(&self) -> Result<Model, ModelError> {
        let config = self.config()?;
        let c = &config;
        if config.arch == Arch::Qwen2
            && !self.content.tensor_infos.contains_key("blk.0.attn_q.bias")
        {
            return Err(ModelError::file(
                &self.path,
                "a qwen2 model without q/k/v biases",
            ));
        }
        let embed = Arc::new(self.tensor("token_embd.weight")?);
        self.check_shape("token_embd", embed.shape().dims(), (c.vocab, c.hidden))?;
        let lm_head = if self.content.tensor_infos.contains_key("output.weight") {
            self.linear("output", (c.vocab, c.hidden))?
        } else {
            // Tied embeddings (Qwen2.5 up to 3B): one table, shared.
            Linear::new(QMatMul::from_arc(embed.clone())?, None)
        };
        let (q_rows, kv_rows) = (c.heads * c.head_dim, c.kv_heads * c.head_dim);
        let ffn = self
            .content
            .tensor_infos
            .get("blk.0.ffn_up.weight")
            .map(|t| t.shape.dims()[0])
            .unwrap_or(0);
        let layers = (0..c.layers)
            .map(|i| {
                let b = |n: &str| format!("blk.{i}.{n}");
                Ok(Layer {
                    attn_norm: self.dense(&b("attn_norm.weight"))?,
                    q: self.linear(&b("attn_q"), (q_rows, c.hidden))?,
                    k: self.linear(&b("attn_k"), (kv_rows, c.hidden))?,
                    v: self.linear(&b("attn_v"), (kv_rows, c.hidden))?,
                    o: self.linear(&b("attn_output"), (c.hidden, q_rows))?,
                    ffn_norm: self.dense(&b("ffn_norm.weight"))?,
                    gate: self.linear(&b("ffn_gate"), (ffn, c.hidden))?,
                    up: self.linear(&b("ffn_up"), (ffn, c.hidden))?,
                    down: self.linear(&b("ffn_down"), (c.hidden, ffn))?,
                })
            })
            .collect::<Result<Vec<_>, ModelError>>()?;
        let embed = match embed.dtype() {
            GgmlDType::F32 => Embedding::Dense(embed.dequantize(&Device::Cpu)?),
            _ => Embedding::Quantized(embed),
        };
        Ok(Model {
            norm: self.dense("output_norm.weight")?,
            config,
            embed,
            layers,
            lm_head,
        })
    }

    fn info(&self, resolved: &ResolvedModel) -> ModelInfo {
        let name = self
            .string("general.name")
            .map(str::to_string)
            .unwrap_or_else(|| file_stem(&self.path));
        ModelInfo {
            name,
            format: format!("GGUF {}", self.file_type()),
            identity: resolved.identity(),
        }
    }

    /// The quantization, as llama.cpp names it (`general.file_type`), or the
    /// most common type among the matrices when the file does not say.
    fn file_type(&self) -> String {
        let named = self.usize("general.file_type").and_then(|t| {
            Some(match t {
                0 => "F32",
                1 => "F16",
                2 => "Q4_0",
                3 => "Q4_1",
                7 => "Q8_0",
                8 => "Q5_0",
                9 => "Q5_1",
                10 => "Q2_K",
                11 => "Q3_K_S",
                12 => "Q3_K_M",
                13 => "Q3_K_L",
                14 => "Q4_K_S",
                15 => "Q4_K_M",
                16 => "Q5_K_S",
                17 => "Q5_K_M",
                18 => "Q6_K",
                32 => "BF16",
                _ => return None,
            })
        });
        if let Some(name) = named {
            return name.to_string();
        }
        let mut counts: HashMap<String, usize> = HashMap::new();
        for info in self.content.tensor_infos.values() {
            if info.shape.rank() == 2 {
                *counts.entry(format!("{:?}", info.ggml_dtype)).or_default() += 1;
            }
        }
        let mut counts: Vec<_> = counts.into_iter().collect();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        counts
            .first()
            .map_or_else(|| "unknown".into(), |(t, _)| t.clone())
    }
}

/// The same values in Q8_0. llama.cpp stores matrices whose rows are not a
/// multiple of 256 in Q5_0 in its Q4_K_M files (most of Qwen2.5-0.5B's, for
/// one), and candle has only a scalar Q5_0 kernel, which made prefill ten
/// times slower than with its AVX2 Q8_0 kernel. Q5_0's values, d times a
/// 5-bit q minus 16, are exactly Q8_0's with the same d: lossless, for 55%
/// more memory on those matrices.
fn q5_0_as_q8_0(tensor: &QTensor) -> Result<QTensor, ModelError> {
    const Q5_0_BLOCK: usize = 22; // f16 scale, 32 high bits, 16 bytes of nibbles
    const Q8_0_BLOCK: usize = 34; // f16 scale, 32 signed bytes
    let data = tensor.data()?;
    let mut out = Vec::with_capacity(data.len() / Q5_0_BLOCK * Q8_0_BLOCK);
    for block in data.chunks_exact(Q5_0_BLOCK) {
        out.extend_from_slice(&block[..2]);
        let high = u32::from_le_bytes([block[2], block[3], block[4], block[5]]);
        let nibbles = &block[6..];
        let value = |j: usize| -> u8 {
            let (low, bit) = if j < 16 {
                (nibbles[j] & 0x0F, (high >> j) & 1)
            } else {
                (nibbles[j - 16] >> 4, (high >> j) & 1)
            };
            ((low as i32 | (bit as i32) << 4) - 16) as i8 as u8
        };
        out.extend((0..32).map(value));
    }
    let storage = candle_core::quantized::QStorage::from_data(
        std::borrow::Cow::Owned(out),
        &Device::Cpu,
        GgmlDType::Q8_0,
    )?;
    Ok(QTensor::new(storage, tensor.shape().clone())?)
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// A Hugging Face checkpoint directory.
struct Checkpoint {
    dir: PathBuf,
    config: Json,
}

impl Checkpoint {
    fn open(dir: &Path) -> Result<Checkpoint, ModelError> {
        Ok(Checkpoint {
            dir: dir.to_path_buf(),
            config: read_json(&dir.join("config.json"))?,
        })
    }

    fn config_path(&self) -> PathBuf {
        self.dir.join("config.json")
    }

    fn usize(&self, key: &str) -> Option<usize> {
        self.config[key].as_u64().map(|v| v as usize)
    }

    fn required(&self, key: &str) -> Result<usize, ModelError> {
        self.usize(key)
            .ok_or_else(|| ModelError::file(self.config_path(), format!("missing `{key}`")))
    }

    fn config(&self) -> Result<Config, ModelError> {
        let path = self.config_path();
        let unsupported = |what: String| Err(ModelError::unsupported(&path, what));
        let arch = match self.config["model_type"].as_str() {
            Some("qwen2") => Arch::Qwen2,
            Some("llama") => Arch::Llama,
            other => {
                return unsupported(format!(
                    "model_type {} (supported: qwen2, llama)",
                    other.map_or("missing".into(), |o| format!("`{o}`"))
                ))
            }
        };
        if let Some(act) = self.config["hidden_act"].as_str() {
            if act != "silu" {
                return unsupported(format!("activation `{act}` (supported: silu)"));
            }
        }
        let hidden = self.required("hidden_size")?;
        let heads = self.required("num_attention_heads")?;
        let kv_heads = self.usize("num_key_value_heads").unwrap_or(heads);
        if heads == 0 || kv_heads == 0 || heads % kv_heads != 0 {
            return Err(ModelError::file(
                &path,
                format!("{heads} attention heads cannot share {kv_heads} key-value heads"),
            ));
        }
        let head_dim = self.usize("head_dim").unwrap_or(hidden / heads);
        let base = self.config["rope_theta"].as_f64().unwrap_or(10_000.0);
        let mut inv_freq = Config::rope_frequencies(head_dim, base, 1.0, None);
        let scaling = &self.config["rope_scaling"];
        if !scaling.is_null() {
            let kind = scaling["rope_type"]
                .as_str()
                .or(scaling["type"].as_str())
                .unwrap_or("missing");
            let factor = scaling["factor"].as_f64().unwrap_or(1.0);
            match kind {
                "default" => {}
                "linear" => inv_freq.iter_mut().for_each(|f| *f /= factor),
                "llama3" => llama3_scaling(&mut inv_freq, scaling, factor),
                other => {
                    return unsupported(format!(
                        "RoPE scaling `{other}` (supported: linear, llama3)"
                    ))
                }
            }
        }
        Ok(Config {
            arch,
            hidden,
            layers: self.required("num_hidden_layers")?,
            heads,
            kv_heads,
            head_dim,
            vocab: self.required("vocab_size")?,
            context_length: self.usize("max_position_embeddings").unwrap_or(4096),
            rms_eps: self.config["rms_norm_eps"].as_f64().unwrap_or(1e-6),
            // Hugging Face checkpoints keep q/k unpermuted: RoPE pairs halves.
            rope_style: RopeStyle::Halves,
            inv_freq,
        })
    }

    fn model(&self, files: &[PathBuf]) -> Result<Model, ModelError> {
        let config = self.config()?;
        let c = &config;
        let mut tensors: HashMap<String, Tensor> = HashMap::new();
        for file in files {
            let loaded = candle_core::safetensors::load(file, &Device::Cpu)
                .map_err(|e| ModelError::file(file, format!("not readable safetensors: {e}")))?;
            tensors.extend(loaded);
        }
        let path = &self.dir;
        let mut take = |name: &str, shape: &[usize]| -> Result<Tensor, ModelError> {
            let t = tensors
                .remove(name)
                .ok_or_else(|| ModelError::file(path, format!("no tensor `{name}`")))?;
            if t.dims() != shape {
                return Err(ModelError::file(
                    path,
                    format!(
                        "tensor `{name}` has shape {:?}, expected {shape:?}",
                        t.dims()
                    ),
                ));
            }
            Ok(t.to_dtype(DType::F32)?)
        };
        let (q_rows, kv_rows) = (c.heads * c.head_dim, c.kv_heads * c.head_dim);
        let ffn = self.required("intermediate_size")?;
        let embed = take("model.embed_tokens.weight", &[c.vocab, c.hidden])?;
        let mut layers = Vec::with_capacity(c.layers);
        for i in 0..c.layers {
            let p = format!("model.layers.{i}");
            let mut linear = |name: &str, rows: usize, cols: usize, bias: bool| {
                let weight = take(&format!("{p}.{name}.weight"), &[rows, cols])?;
                let bias = if bias {
                    Some(take(&format!("{p}.{name}.bias"), &[rows])?)
                } else {
                    None
                };
                Ok::<_, ModelError>(Linear::new(QMatMul::Tensor(weight), bias))
            };
            let qkv_bias =
                c.arch == Arch::Qwen2 || self.config["attention_bias"].as_bool().unwrap_or(false);
            let q = linear("self_attn.q_proj", q_rows, c.hidden, qkv_bias)?;
            let k = linear("self_attn.k_proj", kv_rows, c.hidden, qkv_bias)?;
            let v = linear("self_attn.v_proj", kv_rows, c.hidden, qkv_bias)?;
            let o = linear("self_attn.o_proj", c.hidden, q_rows, false)?;
            let gate = linear("mlp.gate_proj", ffn, c.hidden, false)?;
            let up = linear("mlp.up_proj", ffn, c.hidden, false)?;
            let down = linear("mlp.down_proj", c.hidden, ffn, false)?;
            layers.push(Layer {
                attn_norm: take(&format!("{p}.input_layernorm.weight"), &[c.hidden])?,
                ffn_norm: take(&format!("{p}.post_attention_layernorm.weight"), &[c.hidden])?,
                q,
                k,
                v,
                o,
                gate,
                up,
                down,
            });
        }
        let norm = take("model.norm.weight", &[c.hidden])?;
        let tied = self.config["tie_word_embeddings"]
            .as_bool()
            .unwrap_or(false);
        let lm_head = match take("lm_head.weight", &[c.vocab, c.hidden]) {
            Ok(w) => w,
            Err(_) if tied => embed.clone(),
            Err(e) => return Err(e),
        };
        Ok(Model {
            config,
            embed: Embedding::Dense(embed),
            layers,
            norm,
            lm_head: Linear::new(QMatMul::Tensor(lm_head), None),
        })
    }

    fn info(&self, resolved: &ResolvedModel) -> ModelInfo {
        let dtype = self.config["torch_dtype"]
            .as_str()
            .or(self.config["dtype"].as_str())
            .map(|d| match d {
                "bfloat16" => "bf16",
                "float16" => "f16",
                "float32" => "f32",
                other => other,
            })
            .unwrap_or("float");
        ModelInfo {
            name: file_stem(&self.dir),
            format: format!("safetensors {dtype} (run in f32)"),
            identity: resolved.identity(),
        }
    }
}

/// Llama 3.1's RoPE scaling: long wavelengths slowed by `factor`, short ones
/// kept, a smooth blend between.
fn llama3_scaling(inv_freq: &mut [f64], scaling: &Json, factor: f64) {
    let low = scaling["low_freq_factor"].as_f64().unwrap_or(1.0);
    let high = scaling["high_freq_factor"].as_f64().unwrap_or(4.0);
    let original = scaling["original_max_position_embeddings"]
        .as_f64()
        .unwrap_or(8192.0);
    let (low_wavelen, high_wavelen) = (original / low, original / high);
    for f in inv_freq.iter_mut() {
        let wavelen = 2.0 * std::f64::consts::PI / *f;
        if wavelen < high_wavelen {
            continue;
        }
        if wavelen > low_wavelen {
            *f /= factor;
        } else {
            let smooth = (original / wavelen - low) / (high - low);
            *f = (1.0 - smooth) * *f / factor + smooth * *f;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dequantized;

    #[test]
    fn a_missing_hub_model_names_the_files_and_the_command() {
        let dir = tempfile::tempdir().unwrap();
        let message = not_cached(
            "Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF",
            &suggested_files("Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF"),
            dir.path(),
        )
        .to_string();
        assert!(
            message.contains(
                "huggingface-cli download Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF \
                 qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
            ),
            "{message}"
        );
        assert!(
            message.contains("models--Qwen--Qwen2.5-Coder-1.5B-Instruct-GGUF/snapshots"),
            "{message}"
        );
        let files = suggested_files("Qwen/Qwen2.5-Coder-0.5B-Instruct");
        assert!(files.contains(&"config.json".to_string()));
        assert!(files.contains(&"model.safetensors".to_string()));
    }

    #[test]
    fn bad_specs_are_refused_with_a_reason() {
        let err = resolve("hf:justaname").unwrap_err().to_string();
        assert!(err.contains("hf:ORG/REPO"), "{err}");
        let err = resolve("/no/such/model.gguf").unwrap_err().to_string();
        assert!(err.contains("/no/such/model.gguf"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("notes.txt");
        std::fs::write(&text, "hello").unwrap();
        let err = resolve(text.to_str().unwrap()).unwrap_err().to_string();
        assert!(err.contains("not a GGUF file"), "{err}");
        let err = resolve(dir.path().to_str().unwrap())
            .unwrap_err()
            .to_string();
        assert!(err.contains("no model here"), "{err}");
    }

    #[test]
    fn the_q4_k_m_file_is_picked_among_several() {
        let files = [PathBuf::from("m-q8_0.gguf"), PathBuf::from("m-q4_k_m.gguf")];
        assert_eq!(pick_gguf(&files), Some(PathBuf::from("m-q4_k_m.gguf")));
        assert_eq!(pick_gguf(&files[..1]), Some(PathBuf::from("m-q8_0.gguf")));
        assert_eq!(pick_gguf(&[files[0].clone(), files[0].clone()]), None);
    }

    #[test]
    fn q5_0_becomes_q8_0_without_loss() {
        let values: Vec<f32> = (0..256)
            .map(|i| ((i * 37 % 101) as f32 - 50.0) / 7.0)
            .collect();
        let t = Tensor::from_vec(values, (4, 64), &Device::Cpu).unwrap();
        let q5 = QTensor::quantize(&t, GgmlDType::Q5_0).unwrap();
        let q8 = q5_0_as_q8_0(&q5).unwrap();
        assert_eq!(q8.dtype(), GgmlDType::Q8_0);
        assert_eq!(q8.shape(), q5.shape());
        assert_eq!(dequantized(&q8), dequantized(&q5));
    }

    #[test]
    fn llama3_scaling_keeps_short_wavelengths_and_slows_long_ones() {
        let mut f = Config::rope_frequencies(128, 500_000.0, 1.0, None);
        let before = f.clone();
        let scaling = serde_json::json!({
            "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
            "original_max_position_embeddings": 8192, "rope_type": "llama3"
        });
        llama3_scaling(&mut f, &scaling, 8.0);
        assert_eq!(f[0], before[0]);
        assert!((f[63] - before[63] / 8.0).abs() < 1e-15);
    }
}
