/// A deterministic share of a sweep: shard `index` of `count` (1-based, as in `--shard 2/3`) runs
/// the points whose position modulo `count` is `index - 1`. The shards of a sweep partition its
/// points, and round-robin keeps them balanced when run time grows along a grid axis.
public struct Shard: Hashable, Sendable, CustomStringConvertible {
    /// 1 … ``count``.
    public var index: Int
    public var count: Int

    /// `nil` unless 1 ≤ `index` ≤ `count`.
    public init?(index: Int, count: Int) {
        guard count >= 1, (1...count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    /// `2/3`.
    public var description: String { "\(index)/\(count)" }

    /// Whether the point at `position` (0-based) belongs to this shard.
    public func contains(position: Int) -> Bool { position % count == index - 1 }

    /// Parses `I/N` with 1 ≤ I ≤ N.
    public static func parse(_ text: String) throws(ShardError) -> Shard {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
            throw ShardError(message: "'\(text)' is not a shard; write I/N, e.g. 2/3 for the second of three shards")
        }
        guard let shard = Shard(index: i, count: n) else {
            throw ShardError(message: "shard '\(text)' is out of range; I/N needs 1 ≤ I ≤ N (shards are numbered from 1)")
        }
        return shard
    }

    /// The shard a batch scheduler assigned through the environment, if any, and what it came from.
    ///
    /// - Slurm job arrays: `SLURM_ARRAY_TASK_ID`, `SLURM_ARRAY_TASK_COUNT`, `SLURM_ARRAY_TASK_MIN`
    ///   (default 0) and `SLURM_ARRAY_TASK_STEP` (default 1): shard (ID − MIN) / STEP + 1 of COUNT,
    ///   so `--array=0-7`, `--array=1-8` and `--array=0-14:2` all give shards 1…8.
    /// - Kubernetes indexed Jobs: `JOB_COMPLETION_INDEX` (0-based) is shard INDEX + 1; the count
    ///   is `count` (the `--shard-count` option) or `DFSIM_SHARD_COUNT` (set it to the Job's
    ///   `completions`), since Kubernetes does not export it.
    public static func fromEnvironment(_ environment: [String: String], count: Int? = nil)
        throws(ShardError) -> (shard: Shard, source: String)? {
        func integer(_ name: String) throws(ShardError) -> Int? {
            guard let text = environment[name] else { return nil }
            guard let value = Int(text) else {
                throw ShardError(message: "\(name)='\(text)' is not an integer")
            }
            return value
        }
        if let id = try integer("SLURM_ARRAY_TASK_ID") {
            guard let total = try integer("SLURM_ARRAY_TASK_COUNT") else {
                throw ShardError(message: "SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not; pass --shard I/N")
            }
            let minimum = try integer("SLURM_ARRAY_TASK_MIN") ?? 0
            let step = try integer("SLURM_ARRAY_TASK_STEP") ?? 1
            let offset = id - minimum
            guard step >= 1, offset >= 0, offset % step == 0, let shard = Shard(index: offset / step + 1, count: total) else {
                throw ShardError(message: "cannot derive a shard from SLURM_ARRAY_TASK_ID=\(id) (MIN \(minimum), STEP \(step), COUNT \(total)); use a contiguous array such as --array=1-\(max(total, 1)) or pass --shard I/N")
            }
            return (shard, "Slurm array task \(id) of \(minimum)…\(minimum + (total - 1) * step)")
        }
        if let completion = try integer("JOB_COMPLETION_INDEX") {
            let total: Int
            if let count { total = count } else if let fromEnvironment = try integer("DFSIM_SHARD_COUNT") { total = fromEnvironment } else {
                throw ShardError(message: "JOB_COMPLETION_INDEX=\(completion) is set (a Kubernetes indexed Job) but the shard count is not; set DFSIM_SHARD_COUNT to the Job's completions, or pass --shard-count N or --shard I/N")
            }
            guard let shard = Shard(index: completion + 1, count: total) else {
                throw ShardError(message: "JOB_COMPLETION_INDEX=\(completion) is outside 0…\(total - 1) for \(total) shards")
            }
            return (shard, "Kubernetes completion index \(completion)")
        }
        return nil
    }
}

/// A shard that cannot be used, with the reason.
public struct ShardError: Error, Sendable {
    public var message: String
}
