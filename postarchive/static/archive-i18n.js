/*
 * Sphinx's translations without eval: loaded after doctools.js and before
 * translations.js on the pages of an archive in a language other than English.
 *
 * Sphinx's Documentation.addTranslations turns the catalog's plural rule (a C
 * expression such as "(n != 1)") into a function with `new Function`, which the
 * archive's Content-Security-Policy refuses (no 'unsafe-eval'): every page of a
 * French archive logged an error, and plurals fell back to English. Here the
 * rule is read by a small parser of the C expressions gettext plural rules use
 * (n, integers, ! - * / % + < <= > >= == != && || ?: and parentheses), and
 * addTranslations is the same as Sphinx's otherwise. A rule the parser cannot
 * read leaves the English rule (one, other).
 */
"use strict";

const ArchivePlural = (() => {
  const TOKEN = /\s*(\d+|n|&&|\|\||[=!<>]=|[-+*/%!<>?:()])/y;

  const tokenize = (text) => {
    const tokens = [];
    TOKEN.lastIndex = 0;
    while (TOKEN.lastIndex < text.length) {
      const at = TOKEN.lastIndex;
      const m = TOKEN.exec(text);
      if (!m) {
        if (/^\s*$/.test(text.slice(at))) break;
        throw new SyntaxError(`plural rule: unexpected ${text.slice(at)}`);
      }
      tokens.push(m[1]);
    }
    return tokens;
  };

  // binary operators by precedence, loosest first (C's order)
  const LEVELS = [["||"], ["&&"], ["==", "!="], ["<", "<=", ">", ">="], ["+", "-"], ["*", "/", "%"]];
  const APPLY = {
    "||": (a, b) => (a || b ? 1 : 0),
    "&&": (a, b) => (a && b ? 1 : 0),
    "==": (a, b) => (a === b ? 1 : 0),
    "!=": (a, b) => (a !== b ? 1 : 0),
    "<": (a, b) => (a < b ? 1 : 0),
    "<=": (a, b) => (a <= b ? 1 : 0),
    ">": (a, b) => (a > b ? 1 : 0),
    ">=": (a, b) => (a >= b ? 1 : 0),
    "+": (a, b) => a + b,
    "-": (a, b) => a - b,
    "*": (a, b) => a * b,
    "/": (a, b) => (b === 0 ? 0 : Math.trunc(a / b)),
    "%": (a, b) => (b === 0 ? 0 : a % b),
  };

  /** The rule *text* as a function of n (throws when it is not one). */
  const compile = (text) => {
    const tokens = tokenize(String(text));
    let i = 0;
    const peek = () => tokens[i];
    const take = (expected) => {
      const token = tokens[i++];
      if (expected !== undefined && token !== expected)
        throw new SyntaxError(`plural rule: expected ${expected}`);
      return token;
    };
    const primary = () => {
      const token = take();
      if (token === "(") {
        const inner = ternary();
        take(")");
        return inner;
      }
      if (token === "!") {
        const operand = primary();
        return (n) => (operand(n) ? 0 : 1);
      }
      if (token === "-") {
        const operand = primary();
        return (n) => -operand(n);
      }
      if (token === "n") return (n) => n;
      if (token !== undefined && /^\d+$/.test(token)) {
        const value = Number(token);
        return () => value;
      }
      throw new SyntaxError("plural rule: unexpected end or operator");
    };
    const binary = (level) => {
      if (level === LEVELS.length) return primary();
      let left = binary(level + 1);
      while (LEVELS[level].includes(peek())) {
        const apply = APPLY[take()];
        const a = left;
        const b = binary(level + 1);
        left = (n) => apply(a(n), b(n));
      }
      return left;
    };
    const ternary = () => {
      const test = binary(0);
      if (peek() !== "?") return test;
      take("?");
      const yes = ternary();
      take(":");
      const no = ternary();
      return (n) => (test(n) ? yes(n) : no(n));
    };
    const rule = ternary();
    if (i !== tokens.length) throw new SyntaxError("plural rule: trailing tokens");
    return (n) => Number(rule(Math.trunc(Number(n))));
  };

  const english = (n) => (n === 1 ? 0 : 1);

  const safely = (text) => {
    try {
      return compile(text);
    } catch (error) {
      return english;
    }
  };

  return { compile, safely };
})();

if (typeof Documentation !== "undefined") {
  Documentation.addTranslations = (catalog) => {
    Object.assign(Documentation.TRANSLATIONS, catalog.messages);
    Documentation.PLURAL_EXPR = ArchivePlural.safely(catalog.plural_expr);
    Documentation.LOCALE = catalog.locale;
  };
}
