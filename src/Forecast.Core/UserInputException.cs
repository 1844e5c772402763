namespace Forecast.Core;

/// <summary>
/// The caller asked for something that cannot be done as asked (a value out of range, an unknown name): the message is
/// written for that person, says what to change, and holds nothing internal, so the web edge shows it as a 400.
/// Framework exceptions (<see cref="ArgumentException"/> and the like) mean a bug and never reach the caller's screen.
/// </summary>
public sealed class UserInputException(string message) : Exception(message);
