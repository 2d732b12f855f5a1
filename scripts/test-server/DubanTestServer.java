// Starts the Java time-skipping test server (io.temporal:temporal-test-server) with one fix: the timer's
// debugging ledger of lock events. The server appends to that ledger on every time-skipping lock and unlock and
// never trims it, and each timer that fires then finds its own entry by a linear search from the oldest: over a
// simulated year that search took almost half of the server's CPU, inside the lock that every request takes.
// Here the ledger is a list backed by an insertion-ordered hash set: the same entries, found at once.
import io.temporal.testserver.TestServer;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.Set;
import java.util.concurrent.locks.Lock;

public final class DubanTestServer {
  private static final String TIMER_CLASS = "io.temporal.internal.testservice.SelfAdvancingTimerImpl";

  /** The ledger's entries in order; each lock event is its own object, so the set holds every one of them. */
  static final class LockLedger extends LinkedList<Object> {
    private final Set<Object> entries = new LinkedHashSet<>();

    LockLedger(Iterable<?> existing) {
      for (Object e : existing) entries.add(e);
    }

    @Override
    public boolean add(Object e) {
      return entries.add(e);
    }

    @Override
    public boolean remove(Object e) {
      return entries.remove(e);
    }

    @Override
    public Iterator<Object> iterator() {
      return entries.iterator();
    }

    @Override
    public int size() {
      return entries.size();
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2 || (args.length == 2 && !"--enable-time-skipping".equals(args[1]))) {
      System.err.println("Usage: DubanTestServer <port> [--enable-time-skipping]");
      System.exit(2);
    }
    TestServer.PortBoundTestServer server =
        TestServer.createPortBoundServer(Integer.parseInt(args[0]), args.length == 1);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    int swapped = 0;
    for (Object timer : findAll(server, TIMER_CLASS)) swapped += swapLedger(timer) ? 1 : 0;
    // A server of another version may lay its timer out otherwise: it runs as it is, only slower.
    if (swapped == 0) System.err.println("DubanTestServer: timer ledger not found, running the server unchanged");
    // Said on request only (duban's launcher test waits for it), since the SDK keeps the server's stderr.
    else if (System.getenv("DUBAN_TEST_SERVER_REPORT") != null) System.err.println("DubanTestServer: timer ledger replaced");
  }

  private static boolean swapLedger(Object timer) throws IllegalAccessException {
    Field ledger = field(timer.getClass(), "lockEvents");
    Field lock = field(timer.getClass(), "lock");
    if (ledger == null || lock == null || ledger.getType() != LinkedList.class) return false;
    Lock guard = (Lock) lock.get(timer);
    guard.lock(); // the timer's own lock: no event is added or removed while the ledger changes hands
    try {
      ledger.set(timer, new LockLedger((LinkedList<?>) ledger.get(timer)));
    } finally {
      guard.unlock();
    }
    return true;
  }

  private static Field field(Class<?> type, String name) {
    try {
      Field f = type.getDeclaredField(name);
      f.setAccessible(true);
      return f;
    } catch (NoSuchFieldException e) {
      return null;
    }
  }

  /** Objects of the named class reachable from `root` through the test server's own fields. */
  private static Set<Object> findAll(Object root, String className) throws IllegalAccessException {
    Set<Object> found = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    ArrayDeque<Object> queue = new ArrayDeque<>();
    queue.add(root);
    while (!queue.isEmpty()) {
      Object o = queue.poll();
      if (!seen.add(o)) continue;
      if (o.getClass().getName().equals(className)) {
        found.add(o);
        continue;
      }
      for (Class<?> c = o.getClass(); c != null && c.getName().startsWith("io.temporal."); c = c.getSuperclass())
        for (Field f : c.getDeclaredFields()) {
          if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) continue;
          f.setAccessible(true);
          Object v = f.get(o);
          if (v != null && v.getClass().getName().startsWith("io.temporal.")) queue.add(v);
        }
    }
    return found;
  }
}
