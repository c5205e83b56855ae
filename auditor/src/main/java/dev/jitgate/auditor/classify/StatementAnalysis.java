package dev.jitgate.auditor.classify;

import dev.jitgate.audit.sql.Token;
import dev.jitgate.audit.sql.TokenKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The analysis of one statement's significant tokens (one use per instance): finds the command and classes,
 * then scans the whole statement once for the relations it names and for UPDATE/DELETE without WHERE.
 */
final class StatementAnalysis {

  /** Words that are never taken as an unquoted object name. */
  private static final Set<String> RESERVED = Set.of(
      "select", "from", "where", "group", "order", "limit", "offset", "on", "using", "join", "inner", "left",
      "right", "full", "cross", "natural", "outer", "set", "values", "with", "as", "and", "or", "not",
      "lateral", "only", "union", "intersect", "except", "into", "table", "default", "returning", "all",
      "distinct", "case", "when", "then", "else", "end", "null", "true", "false", "current", "stdin",
      "stdout", "program", "if", "exists", "by", "having", "window", "fetch", "for", "to", "do", "nothing",
      "conflict", "matched", "cascade", "restrict", "rows", "is", "in", "array", "primary", "unique",
      "check", "constraint", "foreign", "key", "references", "any", "some", "collate", "tablesample",
      "recursive", "materialized", "concurrently", "insert", "update", "delete", "merge", "each", "row");
  /** How deeply statements may nest (CTE bodies, EXPLAIN, PREPARE, COPY queries) before giving up. */
  private static final int MAX_NESTING = 32;
  /** Functions whose argument syntax uses FROM. */
  private static final Set<String> FROM_FUNCTIONS = Set.of("extract", "substring", "trim", "overlay", "normalize");
  /** Words that end a FROM or USING list at its level. */
  private static final Set<String> LIST_END = Set.of(
      "where", "group", "having", "window", "order", "limit", "offset", "fetch", "for", "union", "intersect",
      "except", "returning", "into", "select", "values", "set", "when", "on");
  private static final Set<String> CREATE_MODIFIERS = Set.of(
      "or", "replace", "temp", "temporary", "unlogged", "global", "local", "unique", "recursive", "trusted",
      "procedural", "constraint", "default");
  private static final List<ObjectType> TYPES = List.of(
      new ObjectType(ObjectKind.TABLE, "materialized", "view"),
      new ObjectType(ObjectKind.TABLE, "foreign", "table"),
      new ObjectType(ObjectKind.OTHER, "foreign", "data", "wrapper"),
      new ObjectType(ObjectKind.OTHER, "event", "trigger"),
      new ObjectType(ObjectKind.OTHER, "text", "search", "configuration"),
      new ObjectType(ObjectKind.OTHER, "text", "search", "dictionary"),
      new ObjectType(ObjectKind.OTHER, "text", "search", "parser"),
      new ObjectType(ObjectKind.OTHER, "text", "search", "template"),
      new ObjectType(ObjectKind.OTHER, "operator", "class"),
      new ObjectType(ObjectKind.OTHER, "operator", "family"),
      new ObjectType(ObjectKind.OTHER, "access", "method"),
      new ObjectType(ObjectKind.OTHER, "user", "mapping"),
      new ObjectType(ObjectKind.ROLE, "default", "privileges"),
      new ObjectType(ObjectKind.OTHER, "large", "object"),
      new ObjectType(ObjectKind.TABLE, "table"),
      new ObjectType(ObjectKind.TABLE, "view"),
      new ObjectType(ObjectKind.OTHER, "index"),
      new ObjectType(ObjectKind.OTHER, "sequence"),
      new ObjectType(ObjectKind.FUNCTION, "function"),
      new ObjectType(ObjectKind.FUNCTION, "procedure"),
      new ObjectType(ObjectKind.FUNCTION, "aggregate"),
      new ObjectType(ObjectKind.FUNCTION, "routine"),
      new ObjectType(ObjectKind.SCHEMA, "schema"),
      new ObjectType(ObjectKind.ROLE, "role"),
      new ObjectType(ObjectKind.ROLE, "user"),
      new ObjectType(ObjectKind.ROLE, "group"),
      new ObjectType(ObjectKind.OTHER, "trigger"),
      new ObjectType(ObjectKind.OTHER, "policy"),
      new ObjectType(ObjectKind.OTHER, "rule"),
      new ObjectType(ObjectKind.OTHER, "type"),
      new ObjectType(ObjectKind.OTHER, "domain"),
      new ObjectType(ObjectKind.OTHER, "extension"),
      new ObjectType(ObjectKind.OTHER, "publication"),
      new ObjectType(ObjectKind.OTHER, "subscription"),
      new ObjectType(ObjectKind.OTHER, "server"),
      new ObjectType(ObjectKind.OTHER, "database"),
      new ObjectType(ObjectKind.OTHER, "tablespace"),
      new ObjectType(ObjectKind.OTHER, "collation"),
      new ObjectType(ObjectKind.OTHER, "conversion"),
      new ObjectType(ObjectKind.OTHER, "language"),
      new ObjectType(ObjectKind.OTHER, "statistics"),
      new ObjectType(ObjectKind.OTHER, "cast"),
      new ObjectType(ObjectKind.OTHER, "operator"),
      new ObjectType(ObjectKind.OTHER, "transform"),
      new ObjectType(ObjectKind.OTHER, "system"),
      new ObjectType(ObjectKind.OTHER, "owned"));

  private final String src;
  private final List<Token> t;
  private final int n;
  private final int[] match;
  private final int[] open;
  private final int[] depth;
  /** For each token, the next WHERE in the same parenthesis group, or -1. */
  private final int[] nextWhere;
  private int nesting;
  private final Set<ObjectRef> objects = new LinkedHashSet<>();
  private final Set<String> cteNames = new HashSet<>();
  private final EnumSet<RiskFlag> flags = EnumSet.noneOf(RiskFlag.class);
  private final EnumSet<RiskFlag> dmlFlags = EnumSet.noneOf(RiskFlag.class);
  private boolean skipScan;
  private boolean copyStatement;

  StatementAnalysis(String src, List<Token> tokens) {
    this.src = src;
    this.t = List.copyOf(tokens);
    this.n = t.size();
    this.match = new int[n];
    this.open = new int[n];
    this.depth = new int[n];
    Deque<Integer> stack = new ArrayDeque<>();
    for (int k = 0; k < n; k++) {
      match[k] = -1;
      open[k] = stack.isEmpty() ? -1 : stack.peek();
      depth[k] = stack.size();
      if (sym(k, "(")) {
        stack.push(k);
      } else if (sym(k, ")") && !stack.isEmpty()) {
        int o = stack.pop();
        match[o] = k;
        match[k] = o;
        open[k] = stack.isEmpty() ? -1 : stack.peek();
        depth[k] = stack.size();
      }
    }
    while (!stack.isEmpty()) {
      match[stack.pop()] = n;
    }
    this.nextWhere = new int[n];
    int[] lastWhere = new int[n + 1];
    Arrays.fill(lastWhere, -1);
    for (int k = n - 1; k >= 0; k--) {
      nextWhere[k] = lastWhere[open[k] + 1];
      if (is(k, "where")) {
        lastWhere[open[k] + 1] = k;
      }
    }
  }

  Classification run() {
    if (n == 0) {
      return Classification.misc("");
    }
    for (int k = 0; k < n; k++) {
      if (is(k, "with")) {
        parseCtes(k, n, new ArrayList<>());
      }
    }
    Stmt main = statement(0, n);
    if (!skipScan) {
      scan(0, n);
    }
    EnumSet<AuditClass> classes = main.classes();
    if (classes.contains(AuditClass.DDL)) {
      flags.add(RiskFlag.DDL);
    }
    if (classes.contains(AuditClass.ROLE)) {
      flags.add(RiskFlag.ROLE_CHANGE);
    }
    if (main.executes()) {
      flags.addAll(dmlFlags);
    }
    List<ObjectRef> list = new ArrayList<>();
    for (ObjectRef o : objects) {
      if (!(o.kind() == ObjectKind.TABLE && o.schema() == null && cteNames.contains(o.name()))) {
        list.add(o);
      }
    }
    return new Classification(classes, main.command(), list, flags);
  }

  /** The command and classes of the statement in {@code [from, to)}; nesting is bounded. */
  private Stmt statement(int from, int to) {
    if (nesting >= MAX_NESTING) {
      return new Stmt("UNKNOWN", EnumSet.of(AuditClass.MISC), false);
    }
    nesting++;
    try {
      return statementAt(from, to);
    } finally {
      nesting--;
    }
  }

  private Stmt statementAt(int from, int to) {
    int i = from;
    while (i < to && sym(i, "(")) {
      i++;
    }
    String w = word(i);
    if (i >= to) {
      return new Stmt("", EnumSet.of(AuditClass.MISC), false);
    }
    if (w == null) {
      return new Stmt("UNKNOWN", EnumSet.of(AuditClass.MISC), false);
    }
    return switch (w) {
      case "with" -> with(i, to);
      case "select" -> select(i, to);
      case "values", "table" -> new Stmt("SELECT", EnumSet.of(AuditClass.READ), true);
      case "insert", "update", "delete", "merge" ->
          new Stmt(upper(w), EnumSet.of(AuditClass.WRITE), true);
      case "truncate" -> {
        flags.add(RiskFlag.TRUNCATE);
        names(skipWords(i + 1, "table", "only"), to, ObjectKind.TABLE);
        yield new Stmt("TRUNCATE TABLE", EnumSet.of(AuditClass.WRITE), true);
      }
      case "copy" -> copy(i, to);
      case "do" -> new Stmt("DO", EnumSet.of(AuditClass.FUNCTION), true);
      case "call" -> {
        addName(i + 1, ObjectKind.FUNCTION);
        yield new Stmt("CALL", EnumSet.of(AuditClass.FUNCTION), true);
      }
      case "grant", "revoke" -> grant(i, to, w);
      case "create", "alter", "drop" -> ddl(i, to, w);
      case "comment" -> new Stmt("COMMENT", EnumSet.of(AuditClass.DDL), false);
      case "security" -> new Stmt("SECURITY LABEL", EnumSet.of(AuditClass.DDL), false);
      case "import" -> {
        skipScan = true;
        yield new Stmt("IMPORT FOREIGN SCHEMA", EnumSet.of(AuditClass.DDL), false);
      }
      case "refresh" -> {
        addName(skipWords(i + 1, "materialized", "view", "concurrently"), ObjectKind.TABLE);
        yield new Stmt("REFRESH MATERIALIZED VIEW", EnumSet.of(AuditClass.DDL), false);
      }
      case "reassign" -> {
        skipScan = true;
        yield new Stmt("REASSIGN OWNED", EnumSet.of(AuditClass.ROLE), false);
      }
      case "explain" -> explain(i, to);
      case "prepare" -> {
        int j = i + 2;
        if (sym(j, "(")) {
          j = match[j] + 1;
        }
        if (is(j, "as")) {
          statement(j + 1, to);
        }
        yield new Stmt("PREPARE", EnumSet.of(AuditClass.MISC), false);
      }
      case "declare" -> {
        int k = find(i, to, "for");
        EnumSet<AuditClass> classes = k < 0 ? EnumSet.of(AuditClass.READ) : statement(k + 1, to).classes();
        yield new Stmt("DECLARE CURSOR", classes, false);
      }
      case "set", "reset" -> set(i, w);
      case "fetch", "move" -> {
        skipScan = true;
        yield new Stmt(upper(w), EnumSet.of(AuditClass.MISC), false);
      }
      case "start" -> new Stmt("START TRANSACTION", EnumSet.of(AuditClass.MISC), false);
      case "lock" -> {
        names(skipWords(i + 1, "table", "only"), to, ObjectKind.TABLE);
        yield new Stmt("LOCK TABLE", EnumSet.of(AuditClass.MISC), false);
      }
      case "vacuum", "analyze", "analyse" -> {
        int j = i + 1;
        if (sym(j, "(")) {
          j = match[j] + 1;
        }
        names(skipWords(j, "full", "freeze", "verbose", "analyze", "analyse"), to, ObjectKind.TABLE);
        yield new Stmt(w.equals("vacuum") ? "VACUUM" : "ANALYZE", EnumSet.of(AuditClass.MISC), false);
      }
      default -> new Stmt(upper(w), EnumSet.of(AuditClass.MISC), false);
    };
  }

  private Stmt with(int i, int to) {
    List<int[]> bodies = new ArrayList<>();
    int main = parseCtes(i, to, bodies);
    if (main < 0) {
      return new Stmt("WITH", EnumSet.of(AuditClass.MISC), false);
    }
    boolean writes = false;
    for (int[] body : bodies) {
      writes |= statement(body[0], body[1]).classes().contains(AuditClass.WRITE);
    }
    Stmt stmt = statement(main, to);
    EnumSet<AuditClass> classes = EnumSet.copyOf(stmt.classes());
    if (writes) {
      classes.add(AuditClass.WRITE);
    }
    return new Stmt(stmt.command(), classes, stmt.executes() || writes);
  }

  /**
   * Parses {@code WITH [RECURSIVE] name [(cols)] AS [NOT] [MATERIALIZED] (body) [SEARCH|CYCLE ...], ...}
   * at {@code i}; records the names and body ranges; returns the index of the main statement, or -1.
   */
  private int parseCtes(int i, int to, List<int[]> bodies) {
    int j = i + 1;
    if (is(j, "recursive")) {
      j++;
    }
    List<String> names = new ArrayList<>();
    while (true) {
      if (!isNameToken(j) || j >= to) {
        return -1;
      }
      String name = t.get(j).identifier(src);
      j++;
      if (sym(j, "(")) {
        j = match[j] + 1;
      }
      if (!is(j, "as")) {
        return -1;
      }
      j++;
      if (is(j, "not")) {
        j++;
      }
      if (is(j, "materialized")) {
        j++;
      }
      if (!sym(j, "(") || j >= to) {
        return -1;
      }
      names.add(name);
      bodies.add(new int[] {j + 1, Math.min(match[j], to)});
      j = match[j] + 1;
      if (is(j, "search") || is(j, "cycle")) {
        int d = depth[i];
        while (j < to && !(depth[j] == d && (sym(j, ",") || isStatementStart(j)))) {
          j++;
        }
      }
      if (sym(j, ",")) {
        j++;
        continue;
      }
      cteNames.addAll(names);
      return j;
    }
  }

  private boolean isStatementStart(int k) {
    String w = word(k);
    return sym(k, "(") || (w != null && switch (w) {
      case "select", "insert", "update", "delete", "merge", "values", "table" -> true;
      default -> false;
    });
  }

  private Stmt select(int i, int to) {
    for (int k = i + 1; k < to; k++) {
      if (open[k] == open[i] && is(k, "into")) {
        addName(skipWords(k + 1, "temp", "temporary", "unlogged", "table"), ObjectKind.TABLE);
        return new Stmt("SELECT INTO", EnumSet.of(AuditClass.DDL, AuditClass.READ), true);
      }
    }
    return new Stmt("SELECT", EnumSet.of(AuditClass.READ), true);
  }

  private Stmt copy(int i, int to) {
    copyStatement = true;
    int j = i + 1;
    boolean innerWrites = false;
    if (sym(j, "(")) {
      innerWrites = statement(j + 1, Math.min(match[j], to)).classes().contains(AuditClass.WRITE);
      j = match[j] + 1;
    } else {
      j = addName(j, ObjectKind.TABLE);
      if (sym(j, "(")) {
        j = match[j] + 1;
      }
    }
    if (is(j + 1, "program")) {
      flags.add(RiskFlag.COPY_PROGRAM);
    }
    EnumSet<AuditClass> classes;
    if (is(j, "from")) {
      classes = EnumSet.of(AuditClass.WRITE);
    } else if (is(j, "to")) {
      classes = EnumSet.of(AuditClass.READ);
      if (innerWrites) {
        classes.add(AuditClass.WRITE);
      }
    } else {
      classes = EnumSet.of(AuditClass.MISC);
    }
    return new Stmt("COPY", classes, true);
  }

  private Stmt grant(int i, int to, String verb) {
    skipScan = true;
    String target = verb.equals("grant") ? "to" : "from";
    int on = -1;
    int dest = -1;
    for (int k = i + 1; k < to; k++) {
      if (depth[k] != depth[i]) {
        continue;
      }
      if (on < 0 && dest < 0 && is(k, "on")) {
        on = k;
      } else if (is(k, target)) {
        dest = k;
        break;
      }
    }
    int end = dest < 0 ? to : dest;
    if (on >= 0) {
      int j = on + 1;
      ObjectKind kind = ObjectKind.TABLE;
      if (is(j, "all") && is(j + 2, "in") && is(j + 3, "schema")) {
        j += 4;
        kind = ObjectKind.SCHEMA;
      } else {
        String w = word(j);
        if (w != null && !isNameFollowedBySeparator(j)) {
          kind = switch (w) {
            case "table" -> ObjectKind.TABLE;
            case "function", "procedure", "routine" -> ObjectKind.FUNCTION;
            case "schema" -> ObjectKind.SCHEMA;
            default -> ObjectKind.OTHER;
          };
          j = skipWords(j, "table", "sequence", "function", "procedure", "routine", "schema", "database",
              "domain", "language", "tablespace", "type", "parameter", "large", "object", "foreign",
              "data", "wrapper", "server");
        }
      }
      names(j, end, kind);
    } else {
      int j = is(i + 2, "option") && is(i + 3, "for") ? i + 4 : i + 1;
      names(j, end, ObjectKind.ROLE);
    }
    if (dest >= 0) {
      names(skipWords(dest + 1, "group"), to, ObjectKind.ROLE);
    }
    return new Stmt(upper(verb), EnumSet.of(AuditClass.ROLE), false);
  }

  /** Whether the word at {@code j} is itself the (only) object name, e.g. {@code ON accounts TO}. */
  private boolean isNameFollowedBySeparator(int j) {
    return sym(j + 1, ",") || sym(j + 1, ".") || is(j + 1, "to") || is(j + 1, "from") || j + 1 >= n;
  }

  private Stmt ddl(int i, int to, String verb) {
    int j = i + 1;
    if (verb.equals("create")) {
      while (j < to && wordIn(j, CREATE_MODIFIERS) && !isType(j)) {
        j++;
      }
    }
    ObjectType type = null;
    for (ObjectType candidate : TYPES) {
      if (candidate.matches(this, j)) {
        type = candidate;
        break;
      }
    }
    String v = upper(verb);
    if (type == null) {
      String w = word(j);
      return new Stmt(w == null ? v : v + " " + upper(w), EnumSet.of(AuditClass.DDL), false);
    }
    String typeName = type.name();
    int k = j + type.words().length;
    switch (typeName) {
      case "role", "user", "group" -> {
        skipScan = true;
        if (verb.equals("drop")) {
          names(skipWords(k, "if", "exists"), to, ObjectKind.ROLE);
        } else {
          addName(k, ObjectKind.ROLE);
        }
        return new Stmt(v + " ROLE", EnumSet.of(AuditClass.ROLE), false);
      }
      case "default privileges" -> {
        skipScan = true;
        return new Stmt("ALTER DEFAULT PRIVILEGES", EnumSet.of(AuditClass.ROLE), false);
      }
      case "system" -> {
        flags.add(RiskFlag.ALTER_SYSTEM);
        return new Stmt("ALTER SYSTEM", EnumSet.of(AuditClass.MISC), false);
      }
      case "user mapping" -> {
        skipScan = true;
        return new Stmt(v + " USER MAPPING", EnumSet.of(AuditClass.DDL), false);
      }
      default -> {
        // fall through to the generic object handling below
      }
    }
    k = skipWords(k, "if", "not", "exists", "concurrently", "only");
    if (verb.equals("drop")) {
      names(k, to, type.kind());
    } else if (typeName.equals("schema") && is(k, "authorization")) {
      addName(k + 1, ObjectKind.ROLE);
    } else if (!is(k, "on")) {
      addName(k, type.kind());
    }
    if (verb.equals("create") && (typeName.equals("index") || typeName.equals("trigger")
        || typeName.equals("policy"))) {
      int on = find(k, to, "on");
      if (on >= 0) {
        addName(skipWords(on + 1, "only"), ObjectKind.TABLE);
      }
    }
    if (verb.equals("create") && typeName.equals("rule")) {
      int on = find(k, to, "to");
      if (on >= 0) {
        addName(on + 1, ObjectKind.TABLE);
      }
    }
    if (verb.equals("create") && typeName.equals("table")) {
      for (int m = k; m < to; m++) {
        if (depth[m] == depth[i] && is(m, "as")) {
          return new Stmt("CREATE TABLE AS", EnumSet.of(AuditClass.DDL, AuditClass.READ), false);
        }
      }
    }
    return new Stmt(v + " " + upper(typeName), EnumSet.of(AuditClass.DDL), false);
  }

  private boolean isType(int j) {
    for (ObjectType type : TYPES) {
      if (type.words().length > 1 && type.matches(this, j)) {
        return true;
      }
    }
    return false;
  }

  private Stmt explain(int i, int to) {
    int j = i + 1;
    boolean analyze = false;
    if (sym(j, "(")) {
      int end = Math.min(match[j], to);
      for (int k = j + 1; k < end; k++) {
        if (is(k, "analyze") || is(k, "analyse")) {
          String v = word(k + 1);
          boolean off = "false".equals(v) || "off".equals(v)
              || (k + 1 < n && t.get(k + 1).kind() == TokenKind.NUMBER && text(k + 1).equals("0"));
          analyze = !off;
        }
      }
      j = match[j] + 1;
    } else {
      while (is(j, "analyze") || is(j, "analyse") || is(j, "verbose")) {
        analyze |= !is(j, "verbose");
        j++;
      }
    }
    Stmt inner = statement(j, to);
    return analyze
        ? new Stmt("EXPLAIN", inner.classes(), inner.executes())
        : new Stmt("EXPLAIN", EnumSet.of(AuditClass.MISC), false);
  }

  private Stmt set(int i, String verb) {
    skipScan = true;
    int j = i + 1;
    if (is(j, "session") && is(j + 1, "authorization")) {
      j += 2;
    } else {
      if (is(j, "session") || is(j, "local")) {
        j++;
      }
      if (is(j, "session") && is(j + 1, "authorization")) {
        j += 2;
      } else if (is(j, "role") || is(j, "session_authorization")) {
        j++;
        if (is(j, "to") || sym(j, "=")) {
          j++;
        }
      } else {
        return new Stmt(upper(verb), EnumSet.of(AuditClass.MISC), false);
      }
    }
    flags.add(RiskFlag.ROLE_SWITCH);
    if (verb.equals("set") && j < n && !is(j, "none") && !is(j, "default")) {
      Token tok = t.get(j);
      String name = tok.kind().isString() ? tok.stringValue(src) : null;
      if (name != null && !name.isEmpty()) {
        objects.add(new ObjectRef(ObjectKind.ROLE, null, name));
      } else {
        addName(j, ObjectKind.ROLE);
      }
    }
    return new Stmt(upper(verb), EnumSet.of(AuditClass.MISC), false);
  }

  /** One pass over {@code [from, to)} for relation names and UPDATE/DELETE without WHERE. */
  private void scan(int from, int to) {
    int maxDepth = 0;
    for (int k = from; k < to; k++) {
      maxDepth = Math.max(maxDepth, depth[k] + 1);
    }
    boolean[] inList = new boolean[maxDepth + 1];
    String[] verb = new String[maxDepth + 1];
    for (int k = from; k < to; k++) {
      int d = depth[k];
      if (sym(k, "(")) {
        inList[d + 1] = false;
        verb[d + 1] = null;
        continue;
      }
      if (sym(k, ",")) {
        if (inList[d]) {
          fromItem(k + 1);
        }
        continue;
      }
      String w = word(k);
      if (w == null) {
        continue;
      }
      if (inList[d] && LIST_END.contains(w)) {
        inList[d] = false;
      }
      switch (w) {
        case "select", "values", "insert", "merge" -> verb[d] = w;
        case "from" -> {
          if ((copyStatement && d == 0) || is(k - 1, "distinct") || is(k + 1, "current")
              || (open[k] >= 0 && wordIn(open[k] - 1, FROM_FUNCTIONS))) {
            break;
          }
          if ("delete".equals(verb[d])) {
            addName(skipWords(k + 1, "only"), ObjectKind.TABLE);
          } else {
            fromItem(k + 1);
            inList[d] = true;
          }
        }
        case "join" -> fromItem(k + 1);
        case "into" -> {
          if ("insert".equals(verb[d]) || "merge".equals(verb[d])) {
            addName(k + 1, ObjectKind.TABLE);
          } else if ("select".equals(verb[d])) {
            addName(skipWords(k + 1, "temp", "temporary", "unlogged", "table"), ObjectKind.TABLE);
          }
        }
        case "update" -> {
          if (isUpdateStatement(k)) {
            verb[d] = "update";
            addName(skipWords(k + 1, "only"), ObjectKind.TABLE);
            checkWhere(k, to, RiskFlag.UPDATE_WITHOUT_WHERE);
          }
        }
        case "delete" -> {
          if (is(k + 1, "from")) {
            verb[d] = "delete";
            checkWhere(k, to, RiskFlag.DELETE_WITHOUT_WHERE);
          }
        }
        case "using" -> {
          if ("delete".equals(verb[d]) || "merge".equals(verb[d])) {
            fromItem(k + 1);
            inList[d] = true;
          }
        }
        case "table" -> addName(skipWords(k + 1, "if", "not", "exists", "only"), ObjectKind.TABLE);
        case "references" -> addName(k + 1, ObjectKind.TABLE);
        case "of" -> {
          if (is(k - 1, "partition")) {
            addName(k + 1, ObjectKind.TABLE);
          }
        }
        case "inherits" -> {
          if (sym(k + 1, "(")) {
            names(k + 2, Math.min(match[k + 1], to), ObjectKind.TABLE);
          }
        }
        case "set_config" -> {
          String setting = sym(k + 1, "(") && k + 2 < n ? t.get(k + 2).stringValue(src) : null;
          if (setting != null && (setting.equalsIgnoreCase("role")
              || setting.equalsIgnoreCase("session_authorization"))) {
            flags.add(RiskFlag.ROLE_SWITCH);
          }
        }
        case "function", "procedure" -> {
          if (is(k - 1, "execute")) {
            addName(k + 1, ObjectKind.FUNCTION);
          }
        }
        default -> {
          // not a word this scan cares about
        }
      }
    }
  }

  /** {@code UPDATE [ONLY] name [*] [[AS] alias] SET} — not FOR UPDATE, ON UPDATE, DO UPDATE SET, ... */
  private boolean isUpdateStatement(int k) {
    int j = skipWords(k + 1, "only");
    if (!isNameToken(j)) {
      return false;
    }
    j = skipName(j);
    if (sym(j, "*")) {
      j++;
    }
    if (is(j, "as")) {
      j++;
    }
    if (is(j, "set")) {
      return true;
    }
    return isNameToken(j) && is(j + 1, "set");
  }

  private void checkWhere(int k, int to, RiskFlag flag) {
    int end = open[k] >= 0 ? Math.min(match[open[k]], to) : to;
    int where = nextWhere[k];
    if (where < 0 || where >= end) {
      dmlFlags.add(flag);
    }
  }

  private void fromItem(int k) {
    int j = skipWords(k, "lateral", "only");
    if (sym(j, "(")) {
      if (isNameToken(j + 1)) {
        fromItem(j + 1);
      }
      return;
    }
    if (is(j, "rows") && is(j + 1, "from")) {
      return;
    }
    if (!isNameToken(j)) {
      return;
    }
    int after = skipName(j);
    addName(j, sym(after, "(") ? ObjectKind.FUNCTION : ObjectKind.TABLE);
  }

  /** Adds a comma-separated list of names (function arguments skipped) starting at {@code k}. */
  private void names(int k, int to, ObjectKind kind) {
    int j = k;
    while (j < to && isNameToken(j)) {
      j = addName(j, kind);
      if (sym(j, "(")) {
        j = match[j] + 1;
      }
      if (sym(j, "*")) {
        j++;
      }
      if (!sym(j, ",")) {
        return;
      }
      j = skipWords(j + 1, "only", "group");
    }
  }

  /** Adds the (qualified) name at {@code k} if there is one; returns the index after it. */
  private int addName(int k, ObjectKind kind) {
    if (!isNameToken(k)) {
      return k;
    }
    List<String> parts = new ArrayList<>();
    parts.add(t.get(k).identifier(src));
    int j = k + 1;
    while (sym(j, ".") && j + 1 < n && isIdentifier(j + 1)) {
      parts.add(t.get(j + 1).identifier(src));
      j += 2;
    }
    String name = parts.get(parts.size() - 1);
    String schema = parts.size() >= 2 ? parts.get(parts.size() - 2) : null;
    if (!name.isEmpty() && (schema == null || !schema.isEmpty())) {
      objects.add(new ObjectRef(kind, schema, name));
    }
    return j;
  }

  private int skipName(int k) {
    int j = k + 1;
    while (sym(j, ".") && j + 1 < n && isIdentifier(j + 1)) {
      j += 2;
    }
    return j;
  }

  private int skipWords(int k, String... words) {
    int j = k;
    outer:
    while (j < n) {
      for (String w : words) {
        if (is(j, w)) {
          j++;
          continue outer;
        }
      }
      return j;
    }
    return j;
  }

  private int find(int from, int to, String w) {
    for (int k = from; k < to; k++) {
      if (depth[k] == depth[from] && is(k, w)) {
        return k;
      }
    }
    return -1;
  }

  private boolean isNameToken(int k) {
    if (k < 0 || k >= n) {
      return false;
    }
    Token tok = t.get(k);
    return tok.kind() == TokenKind.QUOTED_IDENTIFIER
        || (tok.kind() == TokenKind.IDENTIFIER && !RESERVED.contains(word(k)));
  }

  private boolean isIdentifier(int k) {
    TokenKind kind = t.get(k).kind();
    return kind == TokenKind.IDENTIFIER || kind == TokenKind.QUOTED_IDENTIFIER;
  }

  String word(int k) {
    if (k < 0 || k >= n || t.get(k).kind() != TokenKind.IDENTIFIER) {
      return null;
    }
    return t.get(k).text(src).toLowerCase(Locale.ROOT);
  }

  private boolean wordIn(int k, Set<String> words) {
    String w = word(k);
    return w != null && words.contains(w);
  }

  private String text(int k) {
    return t.get(k).text(src);
  }

  boolean is(int k, String w) {
    return k >= 0 && k < n && t.get(k).isWord(src, w);
  }

  private boolean sym(int k, String s) {
    return k >= 0 && k < n && t.get(k).isSymbol(src, s);
  }

  private static String upper(String w) {
    return w.toUpperCase(Locale.ROOT);
  }

  /** A statement's command, classes and whether its DML runs (for the WHERE risk flags). */
  private record Stmt(String command, EnumSet<AuditClass> classes, boolean executes) {
  }

  /** An object type of CREATE/ALTER/DROP, as its words. */
  private record ObjectType(ObjectKind kind, String... words) {

    String name() {
      return String.join(" ", words);
    }

    boolean matches(StatementAnalysis a, int j) {
      for (int w = 0; w < words.length; w++) {
        if (!a.is(j + w, words[w])) {
          return false;
        }
      }
      return true;
    }
  }
}
