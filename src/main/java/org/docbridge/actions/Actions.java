package org.docbridge.actions;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.literal.NamedLiteral;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * The custom actions this server offers, from configuration, in configured order:
 * <ul>
 * <li>{@code docbridge.actions} — the enabled action names, comma-separated;</li>
 * <li>{@code docbridge.action.<name>.display-name} — Workfront's menu label (default: the name);</li>
 * <li>{@code docbridge.action.<name>.handler} — the {@code @Named} handler serving it (default: the name);</li>
 * <li>{@code docbridge.action.<name>.timeout} — how long a run may take (default 25 s);</li>
 * <li>{@code docbridge.action.<name>.async} — answer at once and finish in the background (default false);</li>
 * <li>{@code docbridge.action.<name>.<setting>} — the handler's own settings.</li>
 * </ul>
 * An action whose handler is not deployed is reported at start and not offered.
 */
@ApplicationScoped
public class Actions {

    private static final Logger LOG = Logger.getLogger(Actions.class.getName());
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(25);

    /** One enabled action. */
    public record Action(String name, String displayName, String handlerName, ActionHandler handler, Duration timeout,
            boolean async, ActionSettings settings) {
    }

    @Inject
    Config config;

    @Inject
    @Any
    Instance<ActionHandler> handlers;

    private Map<String, Action> enabled = Map.of();

    @PostConstruct
    void load() {
        Map<String, Action> actions = new LinkedHashMap<>();
        List<String> names = config.getOptionalValues("docbridge.actions", String.class).orElse(List.of());
        for (String raw : names) {
            String name = raw.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new IllegalStateException("docbridge.actions: '" + name + "' is not an action name; use letters,"
                        + " digits, '-' and '_' (at most 64)");
            }
            if (actions.containsKey(name)) {
                LOG.warning(() -> "docbridge.actions lists '" + name + "' twice; it is offered once");
                continue;
            }
            ActionSettings settings = new ActionSettings(name, config);
            String handlerName = settings.get("handler", name);
            Instance<ActionHandler> found = handlers.select(NamedLiteral.of(handlerName));
            if (!found.isResolvable()) {
                LOG.severe(() -> "Custom action '" + name + "' is configured (docbridge.actions) but no handler named '"
                        + handlerName + "' is deployed: it is NOT offered to Workfront. Deploy an EJB implementing "
                        + ActionHandler.class.getName() + " with @Named(\"" + handlerName + "\"), or correct "
                        + settings.key("handler") + ".");
                continue;
            }
            Action action = new Action(name, settings.get("display-name", name), handlerName, found.get(),
                    settings.duration("timeout", DEFAULT_TIMEOUT), settings.flag("async", false), settings);
            actions.put(name, action);
        }
        enabled = Collections.unmodifiableMap(actions);
        LOG.info(() -> enabled.isEmpty() ? "Custom actions: none configured (docbridge.actions)"
                : "Custom actions: " + String.join(", ", enabled.keySet()));
    }

    /** The offered actions, in configured order. */
    public List<Action> enabled() {
        return new ArrayList<>(enabled.values());
    }

    public Optional<Action> find(String name) {
        return Optional.ofNullable(name == null ? null : enabled.get(name));
    }
}
