/// The names of the load models.
public enum LoadModelKind: String, Sendable, Equatable, CaseIterable, Codable {
    /// Flows: closed loops of one request at a time, following steps.
    case flows
    /// C connections sending back to back.
    case closed
    /// Scheduled arrivals at a rate.
    case open
}
