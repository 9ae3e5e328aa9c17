package io.basalt.sql.plan;

import java.util.ArrayList;
import java.util.List;

/** One node of EXPLAIN's output: its title ("Seq Scan on t"), detail lines ("Filter: ...") and inputs. */
public record ExplainNode(String title, List<String> details, List<ExplainNode> children) {

    public static ExplainNode of(String title, List<String> details, ExplainNode... children) {
        return new ExplainNode(title, List.copyOf(details), List.of(children));
    }

    /** The same node with {@code line} added to its details. */
    public ExplainNode withDetail(String line) {
        List<String> d = new ArrayList<>(details);
        d.add(line);
        return new ExplainNode(title, d, children);
    }

    /** The plan as PostgreSQL's text format prints it, one line per element, without costs. */
    public List<String> render() {
        List<String> out = new ArrayList<>();
        render(0, false, out);
        return out;
    }

    private void render(int indent, boolean child, List<String> out) {
        String pad = " ".repeat(indent);
        out.add(child ? pad + "->  " + title : pad + title);
        int inner = child ? indent + 6 : indent + 2;
        String detailPad = " ".repeat(inner);
        for (String d : details) {
            out.add(detailPad + d);
        }
        for (ExplainNode c : children) {
            c.render(inner, true, out);
        }
    }
}
