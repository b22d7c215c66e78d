package dev.switchboard.hub.internal;

import dev.switchboard.hub.FilterException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recursive-descent parser and type checker for the OData connection filter (spec §1.3),
 * producing an evaluable tree. Thread-safe: each parse uses its own state; trees are immutable.
 */
public final class FilterParser {

  /** A compiled filter. */
  public interface Compiled {
    boolean matches(String connectionId, String userId, Set<String> groups, String protocol);
  }

  private enum Type { STRING, NUMBER, BOOLEAN, NULL, COLLECTION }

  /** The properties a node reads. */
  private record Subject(String connectionId, String userId, Set<String> groups,
      String protocol) {}

  private abstract static class Node {
    final Type type;

    Node(Type type) {
      this.type = type;
    }

    abstract Object eval(Subject s);
  }

  private static final class Literal extends Node {
    final Object value;

    Literal(Type type, Object value) {
      super(type);
      this.value = value;
    }

    @Override
    Object eval(Subject s) {
      return value;
    }
  }

  private enum Property { CONNECTION_ID, USER_ID, GROUPS, PROTOCOL }

  private static final class Prop extends Node {
    final Property property;

    Prop(Property property) {
      super(property == Property.GROUPS ? Type.COLLECTION : Type.STRING);
      this.property = property;
    }

    @Override
    Object eval(Subject s) {
      switch (property) {
        case CONNECTION_ID: return s.connectionId;
        case USER_ID: return s.userId;
        case GROUPS: return s.groups;
        default: return s.protocol;
      }
    }
  }

  private static final class Junction extends Node {
    final boolean and;
    final List<Node> operands;

    Junction(boolean and, List<Node> operands) {
      super(Type.BOOLEAN);
      this.and = and;
      this.operands = List.copyOf(operands);
    }

    @Override
    Object eval(Subject s) {
      for (Node n : operands) {
        boolean v = Boolean.TRUE.equals(n.eval(s));
        if (and != v) {
          return v;
        }
      }
      return and;
    }
  }

  private static final class Not extends Node {
    final Node operand;

    Not(Node operand) {
      super(Type.BOOLEAN);
      this.operand = operand;
    }

    @Override
    Object eval(Subject s) {
      return !Boolean.TRUE.equals(operand.eval(s));
    }
  }

  private static final class Compare extends Node {
    final String op;
    final Node left;
    final Node right;

    Compare(String op, Node left, Node right) {
      super(Type.BOOLEAN);
      this.op = op;
      this.left = left;
      this.right = right;
    }

    @Override
    Object eval(Subject s) {
      Object a = left.eval(s);
      Object b = right.eval(s);
      if (op.equals("eq") || op.equals("ne")) {
        boolean eq = a == null || b == null ? a == b : compare(a, b) == 0;
        return op.equals("eq") == eq;
      }
      if (a == null || b == null) {
        return false;
      }
      int c = compare(a, b);
      switch (op) {
        case "gt": return c > 0;
        case "ge": return c >= 0;
        case "lt": return c < 0;
        default: return c <= 0;
      }
    }
  }

  private static int compare(Object a, Object b) {
    if (a instanceof String && b instanceof String) {
      return String.CASE_INSENSITIVE_ORDER.compare((String) a, (String) b);
    }
    if (a instanceof Long && b instanceof Long) {
      return Long.compare((Long) a, (Long) b);
    }
    return a.equals(b) ? 0 : 1; // booleans: only eq/ne are allowed by the type check
  }

  private static final class In extends Node {
    final Node value;
    final Node collection;

    In(Node value, Node collection) {
      super(Type.BOOLEAN);
      this.value = value;
      this.collection = collection;
    }

    @Override
    Object eval(Subject s) {
      Object v = value.eval(s);
      Object c = collection.eval(s);
      if (v == null || c == null) {
        return false;
      }
      Collection<?> items = (Collection<?>) c;
      if (items.contains(v)) {
        return true;
      }
      for (Object item : items) {
        if (item != null && compare(v, item) == 0) {
          return true;
        }
      }
      return false;
    }
  }

  private static final class ListNode extends Node {
    final List<Node> items;

    ListNode(List<Node> items) {
      super(Type.COLLECTION);
      this.items = List.copyOf(items);
    }

    @Override
    Object eval(Subject s) {
      List<Object> values = new ArrayList<>(items.size());
      for (Node n : items) {
        values.add(n.eval(s));
      }
      return values;
    }
  }

  private static final class Call extends Node {
    final String name;
    final List<Node> args;

    Call(String name, Type type, List<Node> args) {
      super(type);
      this.name = name;
      this.args = List.copyOf(args);
    }

    @Override
    Object eval(Subject s) {
      Object[] v = new Object[args.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = args.get(i).eval(s);
        if (v[i] == null) {
          return type == Type.BOOLEAN ? Boolean.FALSE : null;
        }
      }
      switch (name) {
        case "tolower": return ((String) v[0]).toLowerCase(Locale.ROOT);
        case "toupper": return ((String) v[0]).toUpperCase(Locale.ROOT);
        case "trim": return ((String) v[0]).strip();
        case "concat": return (String) v[0] + v[1];
        case "length":
          return v[0] instanceof String ? (long) ((String) v[0]).length()
              : (long) ((Collection<?>) v[0]).size();
        case "indexof": return (long) lower(v[0]).indexOf(lower(v[1]));
        case "startswith": return lower(v[0]).startsWith(lower(v[1]));
        case "endswith": return lower(v[0]).endsWith(lower(v[1]));
        case "contains": return lower(v[0]).contains(lower(v[1]));
        default: return substring((String) v[0], (Long) v[1], v.length > 2 ? (Long) v[2] : null);
      }
    }

    private static String lower(Object s) {
      return ((String) s).toLowerCase(Locale.ROOT);
    }

    private static String substring(String s, long start, Long count) {
      int from = (int) Math.max(0, Math.min(start, s.length()));
      long end = count == null ? s.length() : from + Math.max(0, count);
      return s.substring(from, (int) Math.min(end, s.length()));
    }
  }

  // ---------------------------------------------------------------- tokenizer and parser

  private enum Kind { LPAREN, RPAREN, COMMA, STRING, NUMBER, WORD, END }

  private record Token(Kind kind, String text, Object value, int position) {
    String describe() {
      switch (kind) {
        case END: return "the end of the filter";
        case STRING: return "string '" + text + "'";
        default: return "'" + text + "'";
      }
    }
  }

  private final String src;
  private final int maxDepth;
  private int pos;
  private Token token;

  private FilterParser(String src, int maxDepth) {
    this.src = src;
    this.maxDepth = maxDepth;
  }

  /**
   * Parses and type-checks {@code text}.
   *
   * @throws FilterException for every invalid input, and nothing else
   */
  public static Compiled parse(String text, int maxLength, int maxDepth) {
    if (text == null) {
      throw new FilterException(0, "a filter expression", "null");
    }
    if (text.length() > maxLength) {
      throw new FilterException(maxLength,
          "at most " + maxLength + " characters (filterMaxLength)", text.length() + " characters");
    }
    FilterParser p = new FilterParser(text, maxDepth);
    p.advance();
    Node root = p.parseOr(0);
    if (p.token.kind != Kind.END) {
      throw p.error("an operator (eq ne gt ge lt le in and or) or the end of the filter");
    }
    if (root.type != Type.BOOLEAN) {
      throw new FilterException(0, "a boolean expression", "a " + name(root.type) + " value");
    }
    return (cid, uid, groups, protocol) ->
        Boolean.TRUE.equals(root.eval(new Subject(cid, uid, groups, protocol)));
  }

  private FilterException error(String expected) {
    return new FilterException(token.position, expected, token.describe());
  }

  private void advance() {
    while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
      pos++;
    }
    int start = pos;
    if (pos >= src.length()) {
      token = new Token(Kind.END, "", null, start);
      return;
    }
    char c = src.charAt(pos);
    if (c == '(') {
      pos++;
      token = new Token(Kind.LPAREN, "(", null, start);
    } else if (c == ')') {
      pos++;
      token = new Token(Kind.RPAREN, ")", null, start);
    } else if (c == ',') {
      pos++;
      token = new Token(Kind.COMMA, ",", null, start);
    } else if (c == '\'') {
      StringBuilder sb = new StringBuilder();
      pos++;
      while (true) {
        if (pos >= src.length()) {
          throw new FilterException(start, "a closing quote for the string starting here",
              "the end of the filter");
        }
        char d = src.charAt(pos++);
        if (d == '\'') {
          if (pos < src.length() && src.charAt(pos) == '\'') {
            sb.append('\'');
            pos++;
          } else {
            break;
          }
        } else {
          sb.append(d);
        }
      }
      token = new Token(Kind.STRING, sb.toString(), sb.toString(), start);
    } else if (isDigit(c) || (c == '-' && pos + 1 < src.length() && isDigit(src.charAt(pos + 1)))) {
      pos++;
      while (pos < src.length() && isDigit(src.charAt(pos))) {
        pos++;
      }
      String digits = src.substring(start, pos);
      try {
        token = new Token(Kind.NUMBER, digits, Long.parseLong(digits), start);
      } catch (NumberFormatException e) {
        throw new FilterException(start, "an integer within 64 bits", digits);
      }
    } else if (isWordChar(c)) {
      while (pos < src.length() && isWordChar(src.charAt(pos))) {
        pos++;
      }
      String w = src.substring(start, pos);
      token = new Token(Kind.WORD, w, w.toLowerCase(Locale.ROOT), start);
    } else {
      throw new FilterException(start, "a property, literal, function, operator or parenthesis",
          "'" + new String(Character.toChars(src.codePointAt(start))) + "'");
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_';
  }

  private boolean atWord(String lower) {
    return token.kind == Kind.WORD && token.value.equals(lower);
  }

  private void checkDepth(int depth) {
    if (depth > maxDepth) {
      throw error("at most " + maxDepth + " levels of nesting (filterMaxDepth)");
    }
  }

  private Node parseOr(int depth) {
    List<Node> operands = new ArrayList<>();
    operands.add(parseAnd(depth));
    while (atWord("or")) {
      int at = token.position;
      advance();
      operands.add(parseAnd(depth));
      requireBoolean(operands, at, "or");
    }
    return operands.size() == 1 ? operands.get(0) : new Junction(false, operands);
  }

  private Node parseAnd(int depth) {
    List<Node> operands = new ArrayList<>();
    operands.add(parseNot(depth));
    while (atWord("and")) {
      int at = token.position;
      advance();
      operands.add(parseNot(depth));
      requireBoolean(operands, at, "and");
    }
    return operands.size() == 1 ? operands.get(0) : new Junction(true, operands);
  }

  private static void requireBoolean(List<Node> operands, int at, String op) {
    for (Node n : operands) {
      if (n.type != Type.BOOLEAN) {
        throw new FilterException(at, "boolean operands for '" + op + "'",
            "a " + name(n.type) + " operand");
      }
    }
  }

  private Node parseNot(int depth) {
    if (atWord("not")) {
      int at = token.position;
      checkDepth(depth + 1);
      advance();
      Node operand = parseNot(depth + 1);
      if (operand.type != Type.BOOLEAN) {
        throw new FilterException(at, "a boolean operand for 'not'",
            "a " + name(operand.type) + " operand");
      }
      return new Not(operand);
    }
    return parseComparison(depth);
  }

  private Node parseComparison(int depth) {
    Node left = parsePrimary(depth);
    if (token.kind != Kind.WORD) {
      return left;
    }
    String op = (String) token.value;
    int at = token.position;
    switch (op) {
      case "eq": case "ne": case "gt": case "ge": case "lt": case "le": {
        advance();
        Node right = parsePrimary(depth);
        checkComparable(op, left, right, at);
        return new Compare(op, left, right);
      }
      case "in": {
        advance();
        boolean parenthesized = token.kind == Kind.LPAREN;
        Node right = parsePrimary(depth);
        if (parenthesized && right.type != Type.COLLECTION && right.type != Type.BOOLEAN) {
          right = new ListNode(List.of(right)); // ('a') is a one-item list
        }
        if (right.type != Type.COLLECTION) {
          throw new FilterException(at, "a collection after 'in' (groups or a list like ('a','b'))",
              "a " + name(right.type) + " value");
        }
        if (left.type == Type.COLLECTION || left.type == Type.BOOLEAN) {
          throw new FilterException(at, "a string or number before 'in'",
              "a " + name(left.type) + " value");
        }
        return new In(left, right);
      }
      default:
        return left;
    }
  }

  private static void checkComparable(String op, Node left, Node right, int at) {
    Type a = left.type;
    Type b = right.type;
    if (a == Type.COLLECTION || b == Type.COLLECTION) {
      throw new FilterException(at, "single values on both sides of '" + op
          + "' (use 'x' in groups for collections)", "a collection");
    }
    boolean ordering = !op.equals("eq") && !op.equals("ne");
    if (a == Type.NULL || b == Type.NULL) {
      return;
    }
    if (a != b || (ordering && a == Type.BOOLEAN)) {
      throw new FilterException(at, ordering ? "two strings or two numbers around '" + op + "'"
          : "values of the same type around '" + op + "'", name(a) + " and " + name(b));
    }
  }

  private static String name(Type t) {
    return t.name().toLowerCase(Locale.ROOT);
  }

  private Node parsePrimary(int depth) {
    Token t = token;
    switch (t.kind) {
      case LPAREN: {
        checkDepth(depth + 1);
        advance();
        Node first = parseOr(depth + 1);
        if (token.kind == Kind.COMMA) {
          List<Node> items = new ArrayList<>();
          items.add(scalar(first, t.position));
          while (token.kind == Kind.COMMA) {
            advance();
            items.add(scalar(parseOr(depth + 1), token.position));
          }
          expect(Kind.RPAREN, "',' or ')' to close the list");
          return new ListNode(items);
        }
        expect(Kind.RPAREN, "')'");
        return first;
      }
      case STRING:
        advance();
        return new Literal(Type.STRING, t.value);
      case NUMBER:
        advance();
        return new Literal(Type.NUMBER, t.value);
      case WORD:
        return parseWord(depth);
      default:
        throw error("a property (connectionId, userId, groups, protocol), a literal, a function"
            + " or '('");
    }
  }

  private Node scalar(Node n, int at) {
    if (n.type == Type.COLLECTION) {
      throw new FilterException(at, "single values in a list", "a collection");
    }
    return n;
  }

  private void expect(Kind kind, String what) {
    if (token.kind != kind) {
      throw error(what);
    }
    advance();
  }

  private Node parseWord(int depth) {
    Token t = token;
    String w = (String) t.value;
    switch (w) {
      case "true": advance(); return new Literal(Type.BOOLEAN, Boolean.TRUE);
      case "false": advance(); return new Literal(Type.BOOLEAN, Boolean.FALSE);
      case "null": advance(); return new Literal(Type.NULL, null);
      case "connectionid": advance(); return new Prop(Property.CONNECTION_ID);
      case "userid": advance(); return new Prop(Property.USER_ID);
      case "groups": advance(); return new Prop(Property.GROUPS);
      case "protocol": advance(); return new Prop(Property.PROTOCOL);
      default:
        break;
    }
    Type[][] signatures = signatures(w);
    if (signatures == null) {
      throw error("a property (connectionId, userId, groups, protocol), a literal or a function");
    }
    checkDepth(depth + 1);
    advance();
    expect(Kind.LPAREN, "'(' after function " + w);
    List<Node> args = new ArrayList<>();
    if (token.kind != Kind.RPAREN) {
      args.add(parseOr(depth + 1));
      while (token.kind == Kind.COMMA) {
        advance();
        args.add(parseOr(depth + 1));
      }
    }
    if (token.kind != Kind.RPAREN) {
      throw error("',' or ')' in the arguments of " + w);
    }
    int close = token.position;
    advance();
    Type result = signatures[0][0];
    for (int s = 1; s < signatures.length; s++) {
      Type[] sig = signatures[s];
      if (sig.length == args.size() && accepts(sig, args)) {
        return new Call(w, result, args);
      }
    }
    throw new FilterException(close, describe(w, signatures), describeArgs(args));
  }

  /** Row 0 holds the result type; the rest are accepted parameter lists. */
  private static Type[][] signatures(String function) {
    Type s = Type.STRING;
    Type n = Type.NUMBER;
    switch (function) {
      case "tolower": case "toupper": case "trim": return new Type[][] {{s}, {s}};
      case "concat": return new Type[][] {{s}, {s, s}};
      case "substring": return new Type[][] {{s}, {s, n}, {s, n, n}};
      case "indexof": return new Type[][] {{n}, {s, s}};
      case "length": return new Type[][] {{n}, {s}, {Type.COLLECTION}};
      case "startswith": case "endswith": case "contains":
        return new Type[][] {{Type.BOOLEAN}, {s, s}};
      default: return null;
    }
  }

  private static boolean accepts(Type[] sig, List<Node> args) {
    for (int i = 0; i < sig.length; i++) {
      Type t = args.get(i).type;
      if (t != sig[i] && t != Type.NULL) {
        return false;
      }
    }
    return true;
  }

  private static String describe(String function, Type[][] signatures) {
    StringBuilder sb = new StringBuilder("arguments ");
    for (int s = 1; s < signatures.length; s++) {
      if (s > 1) {
        sb.append(" or ");
      }
      sb.append(function).append('(');
      for (int i = 0; i < signatures[s].length; i++) {
        sb.append(i == 0 ? "" : ", ").append(name(signatures[s][i]));
      }
      sb.append(')');
    }
    return sb.toString();
  }

  private static String describeArgs(List<Node> args) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < args.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(name(args.get(i).type));
    }
    return sb.append(')').toString();
  }
}
