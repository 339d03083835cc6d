# xlate's differential harness for Python (see src/verify/differential/).
# Runs in the sandbox: `python3 -I harness.py`, next to `unit.py` (the file
# under test) and `request.json` ({"name": ..., "inputs": [...]}), or with
# the file inside a copy of its tree (`tree/`, request's "path" and its
# dotted "module" name). It imports the module (or executes the file in a
# fresh module namespace), finds the function, calls it once per
# input and prints one tagged line per input, flushed, so that a run stopped
# by a limit still tells what it finished:
#   XLATE-LOADED | XLATE-LOAD-ERROR <exc> | XLATE-NAME-ERROR <why>
#   XLATE-ARGS <i> <[values]> (inputs given as source text, once evaluated)
#   XLATE-SKIP <i> <why> | XLATE-RESULT <i> <value>
#   XLATE-AFTER <i> <[args]> | XLATE-STATE <i> <receiver's fields>
import enum
import json
import math
import signal
import sys
import types

if hasattr(sys, "set_int_max_str_digits"):
    sys.set_int_max_str_digits(0)
sys.setrecursionlimit(3000)

_out = sys.stdout


def emit(*parts):
    # A newline first: the function may have printed half a line.
    _out.write("\n" + " ".join(parts) + "\n")
    _out.flush()


def encode_float(f):
    if math.isnan(f):
        return "nan"
    if math.isinf(f):
        return "inf" if f > 0 else "-inf"
    return f


def encode(value, depth=0):
    if depth > 60:
        return {"opaque": "too deep"}
    d = depth + 1
    if value is None:
        return {"none": None}
    if isinstance(value, enum.Enum):
        # A Rust C-like enum's variant crosses as its name.
        return {"str": value.name}
    if isinstance(value, bool):
        return {"bool": value}
    if isinstance(value, int):
        return {"int": str(int(value))}
    if isinstance(value, float):
        return {"float": encode_float(value)}
    if isinstance(value, str):
        return {"str": value}
    if isinstance(value, list):
        return {"list": [encode(v, d) for v in value]}
    if isinstance(value, tuple):
        return {"tuple": [encode(v, d) for v in value]}
    if isinstance(value, dict):
        return {"dict": [[encode(k, d), encode(v, d)] for k, v in value.items()]}
    if isinstance(value, (set, frozenset)):
        return {"set": [encode(v, d) for v in value]}
    if isinstance(value, BaseException):
        return exception(value)
    if isinstance(value, (range, map, filter, zip, reversed, types.GeneratorType)) or (
        hasattr(value, "__next__") and hasattr(value, "__iter__")
    ):
        # A lazy sequence stands for the list it yields (a translation
        # returns an array there), up to a bound.
        items = []
        for item in value:
            items.append(encode(item, d))
            if len(items) > 100000:
                return {"opaque": "endless iterator"}
        return {"list": items}
    return {"opaque": type(value).__name__}


def exception(exc):
    return {"exc": {"kind": type(exc).__name__, "message": str(exc)[:500]}}


def decode(value):
    (kind, inner), = value.items()
    if kind == "int":
        return int(inner)
    if kind == "float":
        return float(inner)
    if kind == "number":
        f = float(inner)
        return int(f) if f.is_integer() else f
    if kind == "bool":
        return bool(inner)
    if kind == "str":
        return inner
    if kind == "none":
        return None
    if kind == "list":
        return [decode(v) for v in inner]
    if kind == "tuple":
        return tuple(decode(v) for v in inner)
    if kind == "dict":
        return {decode(k): decode(v) for k, v in inner}
    if kind == "set":
        return {decode(v) for v in inner}
    raise ValueError("cannot pass a value of kind " + kind)


# The receiver of the last method call (with a request's "receiver"), whose
# fields are reported after it.
_receiver = [None]


def assemble(namespace, spec, args, at, cls=None):
    """A value built as `spec` says ({"new": class, "args": [..]}, null
    for one argument) from `args[at:]`, and the position after it."""
    if spec is None:
        return args[at], at + 1
    values = []
    for part in spec["args"]:
        value, at = assemble(namespace, part, args, at)
        values.append(value)
    return (cls or namespace[spec["new"]])(*values), at


def resolve(namespace, name, receiver=None, build=None, shapes=None):
    """The callable for `name` or `Class.method` (an instance is made with
    no arguments for an instance method; with `receiver`, with each call's
    first `receiver` arguments, and kept in `_receiver`). `build` and
    `shapes`, where a value of another class is built inside the receiver
    or an argument, say how (see `assemble`)."""
    owner, _, method = name.rpartition(".")
    if not owner:
        return namespace[name]
    cls = namespace[owner]
    raw = cls.__dict__.get(method)
    if isinstance(raw, (staticmethod, classmethod)):
        return getattr(cls, method)
    if receiver is not None:

        def call(*args):
            if build is not None:
                obj, at = assemble(namespace, build, args, 0, cls)
            else:
                obj, at = cls(*args[:receiver]), receiver
            _receiver[0] = obj
            if shapes is not None:
                rest = []
                for shape in shapes:
                    value, at = assemble(namespace, shape, args, at)
                    rest.append(value)
            else:
                rest = args[at:]
            return getattr(obj, method)(*rest)

        return call
    return getattr(cls(), method)


def fields(obj):
    """What a receiver holds: its attributes by name (slots too)."""
    out = dict(getattr(obj, "__dict__", {}))
    for cls in type(obj).__mro__:
        for slot in getattr(cls, "__slots__", ()):
            if hasattr(obj, slot):
                out[slot] = getattr(obj, slot)
    return out


def member(cls, name):
    """The member of enum `cls` for a Rust variant's name (`Red`, or
    `RED`), or the name itself."""
    if not isinstance(name, str):
        return name
    if isinstance(cls, type) and issubclass(cls, enum.Enum):
        for key, value in cls.__members__.items():
            if key.replace("_", "").lower() == name.replace("_", "").lower():
                return value
    return getattr(cls, name, name)


class CallTimeout(BaseException):
    """A call ran past the request's call_limit_ms. Not an Exception, so
    that the function's own `except Exception` does not swallow it."""


def on_alarm(signum, frame):
    raise CallTimeout()


def exec_alone(path):
    # utf-8-sig: a file saved with a byte-order mark (Windows editors) loads
    # as Python itself would load it.
    with open(path, encoding="utf-8-sig") as f:
        source = f.read()
    module = types.ModuleType("xlate_unit")
    module.__file__ = path
    sys.modules["xlate_unit"] = module
    try:
        exec(compile(source, path, "exec"), module.__dict__)
    except MemoryError:
        raise
    except BaseException as exc:  # SystemExit included: loading must not end the run
        return None, exc
    return module, None


def import_in_tree(name, path):
    """Imports `name` with the tree copy first on sys.path (and the
    module's own folder, for a script beside its neighbours outside any
    package). A top-level name the interpreter has already imported (the
    tree's `string.py`, `operator.py`) would give the interpreter's own
    module, not the file: such a module is run alone."""
    import importlib
    import os

    top = name.split(".")[0]
    if top in sys.modules or top in sys.builtin_module_names:
        return None, None
    tree = os.path.abspath("tree")
    sys.path.insert(0, tree)
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isfile(os.path.join(folder, "__init__.py")) and folder != tree:
        sys.path.insert(1, folder)
    try:
        return importlib.import_module(name), None
    except MemoryError:
        raise
    except BaseException as exc:  # SystemExit included: loading must not end the run
        return None, exc


def main():
    with open("request.json", encoding="utf-8") as f:
        request = json.load(f)
    module, error = None, None
    path = request.get("path") or "unit.py"
    if request.get("module"):
        # Inside a copy of its tree (in `tree/`): imported by its dotted
        # name, so that `from .x import y` and `from pkg import z` resolve.
        module, error = import_in_tree(request["module"], path)
    if module is None:
        # Alone: the file executed in a fresh namespace (no tree was given,
        # or its package did not import; a module that needs its neighbours
        # fails here too, and the tree's error is the one reported).
        module, alone_error = exec_alone(path)
        if module is None:
            emit("XLATE-LOAD-ERROR", json.dumps(exception(error or alone_error)))
            return
    emit("XLATE-LOADED")
    try:
        function = resolve(
            module.__dict__,
            request["name"],
            request.get("receiver"),
            request.get("build"),
            request.get("shapes"),
        )
    except MemoryError:
        raise
    except BaseException as exc:
        emit("XLATE-NAME-ERROR", "%s: %s" % (type(exc).__name__, exc))
        return
    call_limit = request.get("call_limit_ms")
    if call_limit:
        signal.signal(signal.SIGALRM, on_alarm)
    for i, item in enumerate(request["inputs"]):
        if "text" in item:
            try:
                args = list(eval("(" + item["text"] + ",)", module.__dict__))
            except MemoryError:
                raise
            except BaseException as exc:
                emit("XLATE-SKIP", str(i), "%s: %s" % (type(exc).__name__, exc))
                continue
            emit("XLATE-ARGS", str(i), json.dumps([encode(a) for a in args]))
        else:
            args = [decode(a) for a in item["args"]]
        for at, name in (request.get("enums") or {}).items():
            if int(at) < len(args) and name in module.__dict__:
                args[int(at)] = member(module.__dict__[name], args[int(at)])
        _receiver[0] = None
        try:
            if call_limit:
                signal.setitimer(signal.ITIMER_REAL, call_limit / 1000.0)
            try:
                result = encode(function(*args))
            finally:
                if call_limit:
                    signal.setitimer(signal.ITIMER_REAL, 0)
            # What the call left in its arguments: a caller sees a list
            # changed in place.
            emit("XLATE-AFTER", str(i), json.dumps([encode(a) for a in args]))
            if _receiver[0] is not None:
                emit("XLATE-STATE", str(i), json.dumps(encode(fields(_receiver[0]))))
        except MemoryError:
            raise
        except CallTimeout:
            emit("XLATE-SKIP", str(i), "the call ran past %d ms" % call_limit)
            continue
        except RecursionError as exc:
            result = exception(exc)
        except BaseException as exc:
            result = exception(exc)
        emit("XLATE-RESULT", str(i), json.dumps(result))


try:
    main()
except MemoryError:
    # Not an exception of the function: the sandbox's memory limit.
    sys.stderr.write("MemoryError\n")
    sys.stderr.flush()
    sys.exit(3)
