package io.hbasetunnel.charts;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/** Runs an Argo CD health script the way Argo CD does: the resource as global `obj`, a table {status, message} back. */
final class LuaHealth {
  record Health(String status, String message) {}

  private final String script;

  LuaHealth(Path script) {
    this.script = ProjectFiles.read(script);
  }

  Health of(Map<String, Object> resource) {
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", toLua(resource));
    LuaValue result = globals.load(script, "health.lua").call();
    if (!result.istable()) {
      throw new AssertionError("the script returned " + result);
    }
    LuaValue message = result.get("message");
    return new Health(result.get("status").checkjstring(), message.isnil() ? null : message.tojstring());
  }

  /** JSON-shaped Java values as Lua values; numbers are doubles, as in Argo CD's gopher-lua. */
  static LuaValue toLua(Object value) {
    if (value == null) {
      return LuaValue.NIL;
    }
    if (value instanceof Map<?, ?> map) {
      LuaTable table = new LuaTable();
      map.forEach((k, v) -> table.set(String.valueOf(k), toLua(v)));
      return table;
    }
    if (value instanceof List<?> list) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < list.size(); i++) {
        table.set(i + 1, toLua(list.get(i)));
      }
      return table;
    }
    if (value instanceof Boolean b) {
      return LuaValue.valueOf(b);
    }
    if (value instanceof Number n) {
      return LuaValue.valueOf(n.doubleValue());
    }
    return LuaValue.valueOf(String.valueOf(value));
  }

  /** The documents of a multi-document YAML file as maps. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> documents(String yaml) {
    List<Map<String, Object>> result = new ArrayList<>();
    for (String document : yaml.split("(?m)^---\\s*$")) {
      if (!document.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("#"))) {
        result.add(Serialization.unmarshal(document, Map.class));
      }
    }
    return result;
  }
}
