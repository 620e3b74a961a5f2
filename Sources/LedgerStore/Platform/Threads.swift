#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Threads and a condition variable on POSIX threads: the package links FoundationEssentials,
/// which has neither `Thread` nor `NSCondition` (docs/decisions/0020).
package enum Threads {
    /// Runs `body` on a new detached thread.
    /// - Returns: false when the system cannot start a thread (`body` is then not run).
    @discardableResult
    package static func detach(_ body: @escaping @Sendable () -> Void) -> Bool {
        let box = Unmanaged.passRetained(Body(body)).toOpaque()
        #if canImport(Glibc)
        var thread = pthread_t()
        let rc = pthread_create(&thread, nil, { raw in Threads.run(raw) }, box)
        #else
        var thread: pthread_t?
        let rc = pthread_create(&thread, nil, { raw in Threads.run(raw) }, box)
        #endif
        guard rc == 0 else {
            Unmanaged<Body>.fromOpaque(box).release()
            return false
        }
        #if canImport(Glibc)
        pthread_detach(thread)
        #else
        if let thread { pthread_detach(thread) }
        #endif
        return true
    }

    private static func run(_ raw: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
        guard let raw else { return nil }
        Unmanaged<Body>.fromOpaque(raw).takeRetainedValue().body()
        return nil
    }

    private final class Body {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
}

/// A mutex with a condition variable (`pthread_mutex_t` and `pthread_cond_t`), used as
/// `NSCondition` is: `lock`, `wait` in a loop on the guarded state, `broadcast`, `unlock`.
package final class Condition: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let cond = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    package init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(cond, nil)
    }

    deinit {
        pthread_cond_destroy(cond)
        pthread_mutex_destroy(mutex)
        cond.deallocate()
        mutex.deallocate()
    }

    /// Takes the mutex.
    package func lock() { pthread_mutex_lock(mutex) }
    /// Releases the mutex.
    package func unlock() { pthread_mutex_unlock(mutex) }
    /// Releases the mutex, waits for a broadcast, and takes it again (may wake spuriously).
    package func wait() { pthread_cond_wait(cond, mutex) }
    /// Wakes every waiter.
    package func broadcast() { pthread_cond_broadcast(cond) }
}
