"""Every string the UI shows goes through Qt's translation functions.

A static check (pure `ast`, no Qt import: it runs in the core stage where Qt is blocked)
over every module under vfapp/ui and vfapp/app/qt_app.py. It flags a string literal or an
f-string that reaches a place the user reads without a translation call around it:

* text arguments of Qt widgets and setters (``setText``, ``setToolTip``, ``addItem``,
  ``QLabel(...)``, ``QMessageBox.warning(parent, title, text)``, file dialog captions and
  filters, ...; see ``_METHOD_ARGS`` and ``_CONSTRUCTORS``);
* text arguments of the project's own helpers (``button``, ``title``, ``paragraph``,
  ``show_message``, ``_problem``, ...; see ``_HELPER_ARGS``);
* every string a function returns (the words modules build what screens show), and in the
  words modules (``words.py``, ``*_words.py``) every dict value;
* sentences kept in module or class constants (three words or more, a capital, a full
  stop): lupdate only sees texts written inside a translation call;
* a translation call lupdate cannot read: given an f-string (``self.tr(f"...")``) or a
  variable (``self.tr(text)``) outside the project's own one-line ``tr`` helpers; use
  ``self.tr("... {x}").format(x=...)`` instead;
* ``other.tr(...)``: it translates in the context of other's class, which lupdate cannot
  know; use ``QCoreApplication.translate("Context", ...)``.

Inside an argument the check follows ``+`` concatenations, ``a if c else b``, lists and
tuples, ``"...".format(...)`` and ``"sep".join(...)``; it stops at a translation call.

A literal is fine when it cannot be read as words: empty or whitespace, or no letter at all
(digits, punctuation, "{}", "%s", "—", "%p%"). ``ALLOWED`` lists the few justified
exceptions, each with its reason.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

# Calls that translate their (first) argument, or mark it for translation.
_TRANSLATORS = frozenset(
    {"tr", "_tr", "translate", "QT_TR_NOOP", "QT_TRANSLATE_NOOP", "QT_TRANSLATE_NOOP3"}
)

ALL = None  # every positional argument

# Qt setters and adders: method name -> positional indices that carry visible text.
_METHOD_ARGS: dict[str, tuple[int, ...] | None] = {
    "setText": (0,),
    "setWindowTitle": (0,),
    "setToolTip": (0,),
    "setPlaceholderText": (0,),
    "setStatusTip": (0,),
    "setWhatsThis": (0,),
    "setAccessibleName": (0,),
    "setAccessibleDescription": (0,),
    "setTitle": (0,),
    "setPrefix": (0,),
    "setSuffix": (0,),
    "setSpecialValueText": (0,),
    "setLabelText": (0,),
    "setInformativeText": (0,),
    "setDetailedText": (0,),
    "setPlainText": (0,),
    "setHtml": (0,),
    "setButtonText": (1,),
    "setNameFilter": (0,),
    "setNameFilters": (0,),
    "showMessage": (0,),
    "setFormat": (0,),
    # QComboBox.addItem(text, userData) / QListWidget.addItem(text): userData is a key.
    "addItem": (0,),
    "insertItem": (1,),
    "addItems": (0,),
    "insertItems": (1,),
    "addTab": (1, 2),
    "insertTab": (2, 3),
    "setTabText": (1,),
    "setTabToolTip": (1,),
    "setItemText": (1,),
    "setHeaderLabels": (0,),
    "setHorizontalHeaderLabels": (0,),
    "setVerticalHeaderLabels": (0,),
    "addRow": (0,),
    "addAction": (0, 1),
    "addMenu": (0, 1),
    "addButton": (0,),
    "addSection": (0,),
}

# Widgets and items built with their text.
_CONSTRUCTORS = frozenset(
    {
        "QLabel",
        "QPushButton",
        "QToolButton",
        "QCheckBox",
        "QRadioButton",
        "QGroupBox",
        "QAction",
        "QMenu",
        "QCommandLinkButton",
        "QListWidgetItem",
        "QTableWidgetItem",
        "QTreeWidgetItem",
        "QStandardItem",
        "QMessageBox",
    }
)

# Static dialogs: every string argument is visible (title, text, label, caption, filter).
_STATIC_DIALOG_OWNERS = frozenset({"QMessageBox", "QInputDialog", "QFileDialog"})

# The project's own helpers that put their text on screen.
_HELPER_ARGS: dict[str, tuple[int, ...] | None] = {
    # vfapp/ui/widgets/forms.py
    "button": ALL,
    "title": ALL,
    "paragraph": ALL,
    "password_field": ALL,
    # vfapp/ui/widgets/banner.py: Banner.show_message(text, level, action=...)
    "show_message": (0,),
    # screens' own message lines and labels
    "_say": (0,),
    "_problem": (0,),
    "problem": (0,),
    "show_problem": (0,),
    "_refused": ALL,
    "_failed": (0,),
    "failed": (0,),
    "_done": (0,),
    "_not_started": (0,),
    "_stop_failed": (0,),
    "_filming_problem": (0,),
    "no_consent": (0,),
    "show_words": (0,),
    "show_figure": (1,),
    "show_still": (1,),
    "show_playing": (1,),
    "_button": (0,),  # shared_review: _button(text, object_name)
    "_choose_path": (1,),  # exports: _choose_path(parent, title, suggested, folder)
    "confirm": ALL,  # Shell.confirm(question, yes_words)
    "film_line": (0,),  # sync words: film_line(label, direction, done, total)
}

# Keyword arguments that carry visible text, whatever the call.
_TEXT_KEYWORDS = frozenset(
    {
        "text",
        "title",
        "label",
        "caption",
        "filter",
        "action",
        "accessible",
        "accessible_name",
        "toolTip",
        "placeholderText",
        "windowTitle",
        "words",
        "message",
    }
)

# Justified exceptions: (path relative to the repository, the literal) -> why.
ALLOWED: dict[tuple[str, str], str] = {
    # The shape of a recovery key, not words: the same in every language.
    ("vfapp/ui/screens/recovery.py", "XXXX-XXXX-..."): "recovery key pattern",
    # The local server name the second copy of the app knocks on; never shown.
    ("vfapp/ui/single_instance.py", "attune-{}"): "local server name",
}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    text: str
    why: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.why}: {self.text!r}"


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _owner(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return _name(func.value)
    return ""


_COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}")


_HTML = re.compile(r"&[a-z]+;|&#\d+;|<[^<>]*>")


def _is_wordy(text: str) -> bool:
    """Could be read as words: has a letter once HTML tags and entities ("&nbsp;") are
    taken out, and is not a colour like "#1a73e8"."""
    text = _HTML.sub("", text)
    return any(ch.isalpha() for ch in text) and not _COLOUR.fullmatch(text.strip())


def _is_sentence(text: str) -> bool:
    """Reads as a sentence: three words or more, a capital first, a stop at the end."""
    text = text.strip()
    return len(text.split()) >= 3 and text[:1].isupper() and text[-1:] in ".?!…"


def _is_self(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id == "self"


def _fstring_literal(node: ast.JoinedStr) -> str:
    return "".join(
        part.value if isinstance(part, ast.Constant) and isinstance(part.value, str) else "{}"
        for part in node.values
    )


class _Checker:
    def __init__(self, path: str, words_module: bool) -> None:
        self.path = path
        self.words_module = words_module
        self.findings: list[Finding] = []
        self.wrapper_depth = 0
        self.allowed: set[tuple[str, str]] = set()

    def _flag(self, node: ast.expr, text: str, why: str) -> None:
        if (self.path, text) in ALLOWED:
            self.allowed.add((self.path, text))
            return
        self.findings.append(Finding(self.path, node.lineno, text, why))

    def visible(self, node: ast.expr | None) -> None:
        """`node` ends up on screen: flag any untranslated words in it."""
        if node is None:
            return
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str) and _is_wordy(node.value):
                self._flag(node, node.value, "untranslated text")
        elif isinstance(node, ast.JoinedStr):
            literal = _fstring_literal(node)
            if _is_wordy(literal):
                self._flag(node, literal, "f-string shown to the user (use tr(...).format)")
        elif isinstance(node, ast.BinOp):
            self.visible(node.left)
            self.visible(node.right)
        elif isinstance(node, ast.IfExp):
            self.visible(node.body)
            self.visible(node.orelse)
        elif isinstance(node, (ast.List, ast.Tuple)):
            for element in node.elts:
                self.visible(element)
        elif isinstance(node, ast.Starred):
            self.visible(node.value)
        elif isinstance(node, ast.BoolOp):
            for value in node.values:
                self.visible(value)
        elif isinstance(node, ast.Call):
            name = _name(node.func)
            if name in _TRANSLATORS:
                return
            if name in ("format", "join") and isinstance(node.func, ast.Attribute):
                self.visible(node.func.value)

    def call(self, node: ast.Call) -> None:
        name = _name(node.func)
        owner = _owner(node.func)
        if name in _TRANSLATORS:
            self.translation(node, name)
            return
        if owner in _STATIC_DIALOG_OWNERS:
            indices: tuple[int, ...] | None = ALL
        elif name in _CONSTRUCTORS:
            indices = ALL
        elif name in _METHOD_ARGS and isinstance(node.func, ast.Attribute):
            indices = _METHOD_ARGS[name]
        elif name in _HELPER_ARGS:
            indices = _HELPER_ARGS[name]
        else:
            return
        for index, arg in enumerate(node.args):
            if indices is ALL or index in indices:
                self.visible(arg)
        for keyword in node.keywords:
            if keyword.arg in _TEXT_KEYWORDS:
                self.visible(keyword.value)

    def translation(self, node: ast.Call, name: str) -> None:
        """tr(text) / translate(context, text): the text must be a literal lupdate can read
        (inside the project's own `tr` wrappers the text is their parameter, so it is not)."""
        if self.wrapper_depth:
            return
        owner = node.func.value if isinstance(node.func, ast.Attribute) else None
        if name == "tr" and not (
            owner is None or (isinstance(owner, ast.Name) and owner.id == "self")
        ):
            # other.tr(...) translates in the context of other's class, which lupdate
            # cannot know: the catalogue and the app would disagree on the context.
            self._flag(node, ast.unparse(node.func), "tr() of another object")
        index = 1 if name in ("translate", "QT_TRANSLATE_NOOP", "QT_TRANSLATE_NOOP3") else 0
        if len(node.args) <= index:
            return
        text = node.args[index]
        if isinstance(text, ast.JoinedStr):
            self._flag(text, _fstring_literal(text), "f-string inside a translation call")
        elif not (isinstance(text, ast.Constant) and isinstance(text.value, str)):
            self._flag(text, ast.unparse(text), "translated text lupdate cannot see")

    def constants(self, tree: ast.Module) -> None:
        """Sentences kept in module or class constants must be marked for translation
        (QT_TRANSLATE_NOOP) or, better, built where they are shown."""
        scopes: list[ast.Module | ast.ClassDef] = [tree]
        scopes += [node for node in tree.body if isinstance(node, ast.ClassDef)]
        for scope in scopes:
            for statement in scope.body:
                if not isinstance(statement, (ast.Assign, ast.AnnAssign)):
                    continue
                if statement.value is None:
                    continue
                skip = {
                    id(inner)
                    for call in ast.walk(statement.value)
                    if isinstance(call, ast.Call) and _name(call.func) in _TRANSLATORS
                    for inner in ast.walk(call)
                }
                for node in ast.walk(statement.value):
                    if (
                        id(node) not in skip
                        and isinstance(node, ast.Constant)
                        and isinstance(node.value, str)
                        and _is_sentence(node.value)
                    ):
                        self._flag(node, node.value, "untranslated sentence in a constant")

    def words(self, tree: ast.Module) -> None:
        """In a words module every dict value is shown."""
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                for value in node.values:
                    self.visible(value)

    def walk(self, node: ast.AST) -> None:
        wrapper = isinstance(node, ast.FunctionDef) and node.name in _TRANSLATORS
        self.wrapper_depth += wrapper
        if isinstance(node, ast.Call):
            self.call(node)
        elif isinstance(node, ast.Return):
            self.visible(node.value)
        for child in ast.iter_child_nodes(node):
            self.walk(child)
        self.wrapper_depth -= wrapper

    def run(self, tree: ast.Module) -> list[Finding]:
        self.walk(tree)
        self.constants(tree)
        if self.words_module:
            self.words(tree)
        unique = {(f.line, f.text): f for f in self.findings}
        return sorted(unique.values(), key=lambda f: (f.line, f.text))


def _is_words_module(path: str) -> bool:
    name = Path(path).name
    return name == "words.py" or name.endswith("_words.py")


def check_source(source: str, path: str = "vfapp/ui/example.py") -> list[Finding]:
    """The untranslated visible strings in one module's source."""
    tree = ast.parse(source, filename=path)
    return _Checker(path, _is_words_module(path)).run(tree)


def ui_modules() -> list[Path]:
    files = sorted((ROOT / "vfapp" / "ui").rglob("*.py"))
    files.append(ROOT / "vfapp" / "app" / "qt_app.py")
    return files


def check_tree(used: set[tuple[str, str]] | None = None) -> list[Finding]:
    """Every finding in the UI packages; `used` collects the ALLOWED entries met."""
    findings: list[Finding] = []
    for file in ui_modules():
        relative = file.relative_to(ROOT).as_posix()
        tree = ast.parse(file.read_text(encoding="utf-8"), filename=relative)
        checker = _Checker(relative, _is_words_module(relative))
        findings.extend(checker.run(tree))
        if used is not None:
            used |= checker.allowed
    return findings


# --- the checker itself -------------------------------------------------------------------


def test_catches_an_untranslated_label() -> None:
    source = (
        "from PySide6.QtWidgets import QLabel, QWidget\n"
        "class W(QWidget):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.label = QLabel('Hello there')\n"
        "        self.setWindowTitle('Settings')\n"
        "        self.label.setToolTip(f'{3} films waiting')\n"
    )
    findings = check_source(source)
    assert [(f.line, f.text) for f in findings] == [
        (5, "Hello there"),
        (6, "Settings"),
        (7, "{} films waiting"),
    ]


def test_translated_and_non_text_strings_pass() -> None:
    source = (
        "from PySide6.QtCore import QCoreApplication\n"
        "from PySide6.QtGui import QKeySequence\n"
        "from PySide6.QtWidgets import QComboBox, QLabel, QMessageBox, QWidget\n"
        "class W(QWidget):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.label = QLabel(self.tr('Hello there'))\n"
        "        self.label.setObjectName('greeting')\n"
        "        self.label.setStyleSheet('QLabel { color: red; }')\n"
        "        self.label.setText('')\n"
        "        self.label.setText('—')\n"
        "        self.label.setText(self.tr('{n} films').format(n=3))\n"
        "        self.label.setText(QCoreApplication.translate('Ctx', 'Saved'))\n"
        "        box = QComboBox()\n"
        "        box.addItem(self.tr('Practitioner'), 'practitioner')\n"
        "        QKeySequence('Ctrl+S')\n"
        "        QMessageBox.warning(self, self.tr('Stop'), self.tr('Are you sure?'))\n"
    )
    assert check_source(source) == []


def test_catches_helpers_dialogs_and_words_modules() -> None:
    source = (
        "def summary(n):\n"
        "    if n == 0:\n"
        "        return 'Nothing to do'\n"
        "    return f'{n} things'\n"
        "NAMES = {'admin': 'Admin', 'guider': tr('Guider')}\n"
        "def show(self, parent):\n"
        "    self.banner.show_message('Saved' + ' now', action=tr('Undo'))\n"
        "    QMessageBox.question(parent, tr('Delete'), 'Delete this film?')\n"
        "    QFileDialog.getOpenFileName(parent, tr('Open'), '', 'Films (*.mp4)')\n"
        "    self.label.setText(tr(f'{n} films'))\n"
    )
    found = [(f.line, f.text) for f in check_source(source, "vfapp/ui/screens/x/words.py")]
    assert found == [
        (3, "Nothing to do"),
        (4, "{} things"),
        (5, "Admin"),
        (7, " now"),
        (7, "Saved"),
        (8, "Delete this film?"),
        (9, "Films (*.mp4)"),
        (10, "{} films"),
    ]


# --- the UI packages ----------------------------------------------------------------------


def test_the_checked_files_exist() -> None:
    files = ui_modules()
    assert all(file.exists() for file in files)
    assert len(files) > 50


def test_every_visible_string_in_the_ui_is_translated() -> None:
    used: set[tuple[str, str]] = set()
    findings = check_tree(used)
    assert set(ALLOWED) == used, f"exceptions no longer needed: {set(ALLOWED) - used}"
    assert not findings, f"{len(findings)} untranslated visible strings:\n" + "\n".join(
        map(str, findings)
    )


def test_catches_what_lupdate_cannot_read() -> None:
    source = (
        "from PySide6.QtCore import QCoreApplication\n"
        "REASONS = {'idle': 'The app locked itself after a while.'}\n"
        "def tr(text):\n"
        "    return QCoreApplication.translate('Ctx', text)\n"
        "class W(QWidget):\n"
        "    def words(self, text, editor):\n"
        "        self.label.setText(self.tr(text))\n"
        "        return editor.tr('Undo that')\n"
    )
    found = [(f.line, f.why) for f in check_source(source)]
    assert found == [
        (2, "untranslated sentence in a constant"),
        (7, "translated text lupdate cannot see"),
        (8, "tr() of another object"),
    ]
