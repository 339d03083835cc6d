
// xlate's differential harness for JavaScript (see src/verify/differential/),
// appended to the file under test so that it sees the file's own bindings,
// whether the file is a CommonJS script or an ES module. Before it, xlate
// writes `__xlate_request` ({name, inputs}) and `__xlate_resolve` (a function
// that returns the function under test). Same protocol as harness.py: one
// tagged line per input, written synchronously, so that a run stopped by a
// limit still tells what it finished.
;(function __xlate_harness() {
  const out = (...parts) => process.stdout.write("\n" + parts.join(" ") + "\n");
  const number = (v) =>
    Number.isNaN(v) ? "nan" : v === Infinity ? "inf" : v === -Infinity ? "-inf" : v;
  const thrown = (e) => ({
    exc: {
      kind: (e && e.name) || typeof e,
      message: String(e && e.message !== undefined ? e.message : e).slice(0, 500),
    },
  });
  const encode = (v, depth = 0) => {
    if (depth > 60) return { opaque: "too deep" };
    const d = depth + 1;
    if (v === null) return { none: null };
    if (v === undefined) return { none: "undefined" };
    switch (typeof v) {
      case "boolean":
        return { bool: v };
      case "number":
        return { number: number(v) };
      case "bigint":
        return { int: v.toString() };
      case "string":
        return { str: v };
      case "function":
      case "symbol":
        return { opaque: typeof v };
    }
    if (Array.isArray(v)) return { list: Array.from(v, (x) => encode(x, d)) };
    const tag = Object.prototype.toString.call(v);
    if (tag === "[object Map]")
      return { dict: Array.from(v.entries(), ([k, x]) => [encode(k, d), encode(x, d)]) };
    if (tag === "[object Set]") return { set: Array.from(v, (x) => encode(x, d)) };
    if (tag === "[object Error]") return thrown(v);
    if (ArrayBuffer.isView(v)) return { list: Array.from(v, (x) => encode(x, d)) };
    const proto = Object.getPrototypeOf(v);
    if (proto === Object.prototype || proto === null)
      return { dict: Object.entries(v).map(([k, x]) => [{ str: k }, encode(x, d)]) };
    if (typeof v[Symbol.iterator] === "function") {
      const items = [];
      for (const x of v) {
        items.push(encode(x, d));
        if (items.length > 100000) return { opaque: "endless iterator" };
      }
      return { list: items };
    }
    return { opaque: (v.constructor && v.constructor.name) || "object" };
  };
  const decode = (v) => {
    const [kind, inner] = Object.entries(v)[0];
    switch (kind) {
      case "int":
        return Number(inner);
      case "float":
      case "number":
        return inner === "nan" ? NaN : inner === "inf" ? Infinity : inner === "-inf" ? -Infinity : inner;
      case "bool":
      case "str":
        return inner;
      case "none":
        return inner === "undefined" ? undefined : null;
      case "list":
      case "tuple":
        return inner.map(decode);
      case "set":
        return new Set(inner.map(decode));
      case "dict": {
        // For a translation, a Python dict is a Map (as the rules engine
        // writes dicts) whose string and integer keys are its own
        // properties too (as an object literal holds them), so that code
        // reading it either way sees the same entries; keys named like a
        // Map's members stay in the Map only.
        if (__xlate_request.dicts === "maps") {
          const m = new Map(inner.map(([k, x]) => [decode(k), decode(x)]));
          for (const [k, x] of m)
            if ((typeof k === "string" || typeof k === "number") && !(String(k) in Map.prototype) && String(k) !== "__proto__")
              Object.defineProperty(m, String(k), { value: x, enumerable: true, writable: true, configurable: true });
          return m;
        }
        // For a JavaScript source, dicts with string or int keys are
        // objects; other keys need a Map.
        if (inner.every(([k]) => "str" in k || "int" in k))
          return Object.fromEntries(inner.map(([k, x]) => [String(decode(k)), decode(x)]));
        return new Map(inner.map(([k, x]) => [decode(k), decode(x)]));
      }
    }
    throw new Error("cannot pass a value of kind " + kind);
  };
  out("XLATE-LOADED");
  let fn;
  try {
    fn = __xlate_resolve();
    if (typeof fn !== "function") throw new TypeError(__xlate_request.name + " is not a function");
  } catch (e) {
    out("XLATE-NAME-ERROR", String(e && e.message !== undefined ? e.message : e));
    return;
  }
  // With call_limit_ms, each call runs under vm's watchdog, which stops
  // even a synchronous endless loop; the input is then skipped.
  const limit = __xlate_request.call_limit_ms;
  const vm =
    limit && (typeof require === "function" ? require("vm") : process.getBuiltinModule && process.getBuiltinModule("vm"));
  const call = (thunk) => {
    if (!vm) return thunk();
    globalThis.__xlate_thunk = thunk;
    try {
      return vm.runInThisContext("__xlate_thunk()", { timeout: limit });
    } catch (e) {
      // Only the watchdog's own stop is the limit, not an error of the
      // function that happens to carry the same code.
      if (e && e.code === "ERR_SCRIPT_EXECUTION_TIMEOUT" && e.message.startsWith("Script execution timed out"))
        e.__xlate_call_limit = true;
      throw e;
    } finally {
      delete globalThis.__xlate_thunk;
    }
  };
  __xlate_request.inputs.forEach((item, i) => {
    let args;
    if ("text" in item) {
      try {
        // Direct eval: the example may name the file's own bindings.
        args = eval("[" + item.text + "]");
      } catch (e) {
        out("XLATE-SKIP", String(i), String(e && e.message));
        return;
      }
      out("XLATE-ARGS", String(i), JSON.stringify(args.map((a) => encode(a))));
    } else {
      args = item.args.map(decode);
    }
    // A Rust C-like enum's variant, by name, is the enum object's member
    // of that name where the file has one.
    for (const [at, name] of Object.entries(__xlate_request.enums || {})) {
      let e;
      try {
        e = eval(name);
      } catch (_) {
        continue;
      }
      const v = args[Number(at)];
      if (e && typeof v === "string") {
        const key = Object.keys(e).find((k) => k.replace(/_/g, "").toLowerCase() === v.toLowerCase());
        if (key !== undefined) args[Number(at)] = e[key];
      }
    }
    globalThis.__xlate_receiver = undefined;
    let result;
    try {
      result = encode(call(() => fn(...args)));
      // What the call left in its arguments: a caller sees an array
      // changed in place.
      out("XLATE-AFTER", String(i), JSON.stringify(args.map((a) => encode(a))));
      const o = globalThis.__xlate_receiver;
      if (o !== undefined && o !== null)
        out("XLATE-STATE", String(i), JSON.stringify({ dict: Object.entries(o).map(([k, x]) => [{ str: k }, encode(x)]) }));
    } catch (e) {
      if (e && e.code === "ERR_SCRIPT_EXECUTION_TIMEOUT" && e.__xlate_call_limit) {
        out("XLATE-SKIP", String(i), "the call ran past " + limit + " ms");
        return;
      }
      result = thrown(e);
    }
    out("XLATE-RESULT", String(i), JSON.stringify(result));
  });
})();
